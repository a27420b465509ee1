"""End to end on a tablet-sized headless Chromium: a stop the machine reported waits for its reason first on the
page and is classified in two taps."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from downtime.models import Category, DowntimeEvent
from portal.machine_signals import stops
from portal.machine_signals.ingest import ingest
from portal.machine_signals.payloads import decode
from portal.models import Machine, SignalSource
from portal.testing.browser import floor_page, sign_in
from portal.testing.factories import FacilityFactory, ProductionLineFactory, ShiftFactory, UserFactory, work_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def tablet(chromium):
    # The core's floor page (touch context; waits for the live server before the database is flushed).
    with floor_page(chromium, {"width": 1024, "height": 768}, timeout_ms=15000, timezone_id="UTC") as page:
        yield page


@pytest.fixture
def press(db):
    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    line = ProductionLineFactory(facility=facility, code="L1", name="Filler")
    ShiftFactory(facility=facility, name="Day", start_time=dt.time(0), end_time=dt.time(0))
    mechanical = Category.objects.create(name="Mechanical", colour="#d9534f")
    Category.objects.create(name="Jam", parent=mechanical, colour="#f0ad4e")
    Category.objects.create(name="Changeover", colour="#5bc0de")
    work_on(UserFactory(username="op", roles=["DowntimeTracker_User"]), line)
    machine = Machine.objects.create(line=line, code="PRESS-1", name="Press")
    return SignalSource.objects.create(machine=machine, state_topic="plant/L1/PRESS-1")


def test_a_machine_stop_waits_first_on_the_tablet_and_is_classified_in_two_taps(live_server, tablet, press):
    start = timezone.now() - dt.timedelta(minutes=40)
    sequence = [("1", 0, "running"), ("2", 5 * 60, "faulted"), ("3", 17 * 60, "running")]
    ingest([decode("json", press.machine_id, press.state_topic,
                   json.dumps({"id": mid, "ts": (start + dt.timedelta(seconds=s)).isoformat(), "state": state})
                   .encode(), timezone.now()) for mid, s, state in sequence])
    assert stops.publish() == 1

    page = tablet
    sign_in(page, live_server, "op", "correct-horse-battery")
    page.goto(f"{live_server.url}/downtime/")
    waiting = page.locator("#waiting-stops")
    waiting.get_by_text("1 stop waiting for a reason").wait_for()
    # first on the page: above the entry form
    assert page.locator("#waiting").bounding_box()["y"] < page.locator("#entry-form-wrap").bounding_box()["y"]

    page.locator(".waiting-stop:has-text('PRESS-1')").tap()  # tap 1: the stop
    page.locator("#waiting-stops button:has-text('Mechanical › Jam')").tap()  # tap 2: its reason
    page.locator("#waiting-saved").wait_for()
    assert page.locator("#waiting-stops").count() == 0
    event = DowntimeEvent.objects.get()
    assert (event.category.name, event.detected, event.machine.code, event.duration_minutes) == (
        "Jam", True, "PRESS-1", 13)
    page.locator("#today-table").get_by_text("Jam").wait_for()  # today's list took it at once
