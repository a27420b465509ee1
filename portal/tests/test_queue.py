"""Background work is never lost when Redis is down: the task waits in the outbox and is sent when the broker is
back (a real Redis on loopback, and a closed port standing in for a Redis that is down)."""

import time

import pytest
import redis

from portal.models import OutboxTask
from portal.queue import enqueue, flush_outbox
from portal.tasks import ping
from portal.testing.services import celery_app_using_broker, free_port

pytestmark = pytest.mark.django_db


@pytest.mark.redis
def test_a_task_sent_while_redis_is_down_waits_and_is_sent_when_redis_is_back(
        redis_server, django_capture_on_commit_callbacks):
    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with celery_app_using_broker(down):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(ping)
        assert time.monotonic() - started < 5  # the request is not held up by the dead broker
        assert list(OutboxTask.objects.values_list("task", flat=True)) == ["portal.tasks.ping"]
        assert flush_outbox() == 0 and OutboxTask.objects.get().attempts == 2  # still down: kept
    client = redis.Redis.from_url(redis_server.url)
    client.delete("celery")
    with celery_app_using_broker(redis_server.url):
        assert flush_outbox() == 1
    assert not OutboxTask.objects.exists()
    assert client.llen("celery") == 1  # handed to the broker exactly once
    assert b"portal.tasks.ping" in client.lindex("celery", 0)
    client.delete("celery")


@pytest.mark.redis
@pytest.mark.django_db(databases=["default", "erp"])
def test_an_mrp_refresh_requested_while_redis_is_down_is_accepted(client, role_user, erp_data,
                                                                  django_capture_on_commit_callbacks):
    from mrp.models import MrpRun

    client.force_login(role_user("Scheduling_Admin"))
    with celery_app_using_broker(f"redis://127.0.0.1:{free_port()}/0"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/mrp/runs/")
    assert response.status_code == 202
    run = MrpRun.objects.get()
    assert run.status == MrpRun.Status.QUEUED
    assert OutboxTask.objects.get().args == [run.pk]


def test_without_a_broker_the_task_runs_in_process_and_nothing_is_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(ping)
    assert not OutboxTask.objects.exists()
