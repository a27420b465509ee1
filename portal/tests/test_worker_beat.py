"""The demo's scheduled work as production runs it (issue 29, "Done when"): a real Celery worker and a real beat on
a real Redis, the schedule in the database. A laser quote past its stage's threshold gets its escalation
notification and the client's follow-up draft; the 07:30 laser daily report is generated when it falls due: the
test moves the worker's and beat's clock to a minute past the shop's next 07:30 (portal/testing/shifted_clock.py)
instead of waiting for it.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from portal.testing.services import start_celery_beat, start_celery_worker, stop_celery_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the worker and beat processes must share the test database (PostgreSQL pass)"),
]


def _wait_for(check, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def start_worker_and_beat(redis_server, tmp_path):
    """Call it once the test's rows are committed: a worker and a beat on the test's PostgreSQL database, their
    clock ``offset`` ahead."""
    db = connection.settings_dict
    env = {"TEST_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    started = []

    def start(offset: dt.timedelta):
        env["PORTAL_CLOCK_OFFSET"] = str(offset.total_seconds())
        worker = start_celery_worker(redis_server.url, tmp_path, extra_env=env)
        started.append(worker)
        started.append(start_celery_beat(redis_server.url, tmp_path, extra_env=env))
        return worker, tmp_path / "celery-beat.log"

    yield start
    if len(started) == 2:
        started[1].terminate()
        started[1].wait(15)
    if started:
        stop_celery_worker(started[0])


def test_beat_escalates_the_overdue_quote_and_generates_the_daily_report(role_user, start_worker_and_beat):
    from django_celery_beat.models import PeriodicTask

    from laser.models import DailyReport, OutboundDraft, Project, Stage
    from laser.services import shop_zone
    from laser.services.reports import previous_day
    from laser.testing import make_shop
    from notifications.models import Notification

    shop = make_shop()
    role_user("Laser_Manager")  # the escalation's audience
    project = Project.objects.create(code="P-2001", client=shop["client"], material_type="stainless",
                                     thickness_mm=1.5, sheet_size="2500x1250", sheets_required=4, stage=Stage.QUOTES,
                                     state_entered_at=timezone.now() - dt.timedelta(days=5))
    call_command("sync_periodic_tasks")
    now = timezone.now()
    PeriodicTask.objects.update(last_run_at=now)  # the schedule was running before the clock moves
    assert not DailyReport.objects.exists()
    # The clock moved to a minute past the shop's next 07:30 (the daily report's crontab, in the shop's zone).
    local = now.astimezone(shop_zone())
    due = local.replace(hour=7, minute=31, second=0, microsecond=0)
    if due <= local:
        due += dt.timedelta(days=1)
    offset = due - local
    worker, beat_log = start_worker_and_beat(offset)
    day = previous_day(now + offset)
    assert _wait_for(lambda: DailyReport.objects.filter(day=day).exists()), (
        beat_log.read_text()[-2000:], worker.log.read_text()[-2000:])
    assert DailyReport.objects.get(day=day).generated_by is None  # by the schedule, not a person
    assert _wait_for(lambda: OutboundDraft.objects.filter(project=project).exists()), worker.log.read_text()[-2000:]
    assert Notification.objects.filter(source_id=str(project.pk)).exists()  # the laser managers are told
    # the worker ran both, sent by beat (beat itself runs no task)
    log = worker.log.read_text()
    assert re.search(r"Task laser\.tasks\.generate_daily_report\[[^]]+\] received", log)
    assert re.search(r"Task portal\.tasks\.evaluate_escalations\[[^]]+\] received", log)
