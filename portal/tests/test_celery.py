"""Celery end to end: a task through a real Redis and a real worker, and the eager path of a broker-less install."""

import datetime as dt
import socket
import time

import pytest
from django.utils import timezone

from portal.models import LoginEvent
from portal.tasks import delete_login_history_older_than, ping, purge_login_history
from portal.testing.services import celery_app_using_broker


@pytest.mark.redis
def test_task_runs_in_the_real_worker_through_redis(redis_server, celery_worker_process):
    with celery_app_using_broker(redis_server.url) as app:
        assert not app.conf.task_always_eager
        result = ping.delay()
        assert result.get(timeout=30) == {"reply": "pong", "hostname": celery_worker_process.nodename}
        assert result.successful()
    # The message really went through Redis: the worker logged receiving and finishing it (the "succeeded"
    # line is written just after the result is stored, so give it a moment).
    deadline = time.monotonic() + 5
    while f"Task portal.tasks.ping[{result.id}] succeeded" not in (log := celery_worker_process.log.read_text()):
        assert time.monotonic() < deadline, log
        time.sleep(0.05)
    assert f"Task portal.tasks.ping[{result.id}] received" in log


@pytest.mark.redis
def test_worker_reports_a_failing_task_back(redis_server, celery_worker_process):
    with celery_app_using_broker(redis_server.url):
        result = purge_login_history.delay(days=0)  # refused before any database access
        with pytest.raises(ValueError, match="at least 1"):
            result.get(timeout=30)


def test_without_a_broker_tasks_run_eagerly_in_process(settings):
    from portal.celery import app

    assert app.conf.task_always_eager
    result = ping.delay()
    assert result.get(timeout=1) == {"reply": "pong", "hostname": socket.gethostname()}


def _login_event(age_days: float, username: str) -> LoginEvent:
    event = LoginEvent.objects.create(username=username, outcome=LoginEvent.Outcome.SUCCESS)
    # created_at is auto_now_add: backdate with an update, as a year-old row would look.
    LoginEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=age_days))
    return event


@pytest.mark.django_db
def test_purge_login_history_deletes_only_old_events_and_is_idempotent():
    _login_event(400, "old")
    _login_event(366, "just-over")
    _login_event(364, "recent")
    _login_event(0, "today")

    assert purge_login_history.delay().get() == 2  # eager in tests, same code path as the worker
    assert sorted(LoginEvent.objects.values_list("username", flat=True)) == ["recent", "today"]
    assert purge_login_history.delay().get() == 0


@pytest.mark.django_db
def test_purge_login_history_with_a_shorter_retention():
    _login_event(40, "old")
    _login_event(10, "recent")
    assert delete_login_history_older_than(30) == 1
    assert list(LoginEvent.objects.values_list("username", flat=True)) == ["recent"]


@pytest.mark.parametrize("days", [0, -5, "365", 1.5, True])
def test_purge_login_history_refuses_a_nonsense_retention(days):
    with pytest.raises(ValueError, match="whole number of at least 1"):
        delete_login_history_older_than(days)
