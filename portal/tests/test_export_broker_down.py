"""The export page says plainly when the broker is down instead of "Waiting" forever (issue 29)."""

import pytest

from portal.models import ExportJob
from portal.testing.factories import UserFactory
from portal.testing.services import celery_app_using_broker

DOWN = "The background queue is not answering"


@pytest.fixture
def waiting_export(client):
    user = UserFactory()
    client.force_login(user)
    return ExportJob.objects.create(user=user, title="Downtime", view="downtime.views.summary")


@pytest.mark.django_db
def test_a_waiting_export_says_the_queue_is_down(client, waiting_export):
    with celery_app_using_broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        page = client.get(f"/exports/{waiting_export.pk}/").content.decode()
    assert DOWN in page


@pytest.mark.django_db
@pytest.mark.redis
def test_no_warning_while_the_queue_answers(client, waiting_export, redis_server):
    with celery_app_using_broker(redis_server.url):
        page = client.get(f"/exports/{waiting_export.pk}/").content.decode()
    assert DOWN not in page and "being prepared" in page


@pytest.mark.django_db
def test_a_finished_export_does_not_ask_the_broker(client, waiting_export):
    waiting_export.status = ExportJob.Status.FAILED
    waiting_export.save()
    with celery_app_using_broker("redis://127.0.0.1:1/0"):
        page = client.get(f"/exports/{waiting_export.pk}/").content.decode()
    assert DOWN not in page
