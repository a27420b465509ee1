"""End to end on a tablet-sized headless Chromium: record a stop, then one while offline that is sent once."""

import datetime as dt

import pytest
from django.utils import timezone

from downtime.models import Category, DowntimeEvent, QuickNote
from portal.testing.browser import sign_in
from portal.testing.factories import FacilityFactory, ProductionLineFactory, ShiftFactory, UserFactory, work_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def tablet(chromium):
    # The tablet's clock zone differs from the plant's on purpose: times must follow the plant (Chicago).
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, locale="en-US", timezone_id="UTC",
                                   has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def floor(db):
    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    line = ProductionLineFactory(facility=facility, code="L1", name="Filler")
    other_line = ProductionLineFactory(facility=facility, code="L2")
    ShiftFactory(facility=facility, name="Day", start_time=dt.time(6), end_time=dt.time(18))
    ShiftFactory(facility=facility, name="Night", start_time=dt.time(18), end_time=dt.time(6))
    mechanical = Category.objects.create(name="Mechanical", colour="#d9534f")
    Category.objects.create(name="Jam", parent=mechanical, colour="#f0ad4e")
    conveyor = Category.objects.create(name="Conveyor", parent=mechanical, colour="#6f42c1")  # a third level
    Category.objects.create(name="Belt slip", parent=conveyor, colour="#6f42c1")
    Category.objects.create(name="Motor trip", parent=conveyor, colour="#6f42c1")
    Category.objects.create(name="Changeover", colour="#5bc0de")
    QuickNote.objects.create(text="Waiting for maintenance", facility=facility)
    work_on(UserFactory(username="op", roles=["DowntimeTracker_User"]), line, other_line)
    return {"facility": facility, "line": line}


def _wall(facility, minutes_ago: int) -> str:
    return (timezone.localtime(timezone.now(), facility.tzinfo) - dt.timedelta(minutes=minutes_ago)).strftime(
        "%Y-%m-%dT%H:%M")


def test_operator_records_online_then_offline_exactly_once(live_server, tablet, floor):
    page = tablet
    sign_in(page, live_server, "op", "correct-horse-battery")
    page.goto(f"{live_server.url}/downtime/")
    assert "floor" in page.locator("body").get_attribute("class")

    # --- online: line, quick times, crew, a reason three levels deep tap by tap, quick note ------------------
    page.click(f"label[for=line-{floor['line'].pk}]")
    page.wait_for_function("() => location.search.includes('line=')")
    page.click("[data-end-now]")
    page.click("[data-start-before-end='15']")
    page.click("[data-crew-step='1']")  # the crew starts at the line's usual crew (1): one more is 2
    panels = page.locator(".sub-categories:visible")
    assert panels.count() == 0
    page.click("button.main-pick:has-text('Mechanical')")  # level 1 opens level 2
    assert panels.count() == 1 and page.locator("label.category-btn:has-text('Jam')").is_visible()
    assert not page.locator("label.category-btn:has-text('Belt slip')").is_visible()
    page.click("button.main-pick:has-text('Conveyor')")  # level 2 opens level 3, level 2 stays in view
    assert panels.count() == 2 and page.locator("label.category-btn:has-text('Belt slip')").is_visible()
    page.click(".sub-categories:visible >> nth=1 >> button.level-up")  # Up: back to level 2
    assert panels.count() == 1 and not page.locator("label.category-btn:has-text('Belt slip')").is_visible()
    page.click("button.main-pick:has-text('Conveyor')")
    page.click("label.category-btn:has-text('Belt slip')")  # a leaf: chosen
    assert "active" in page.locator("button.main-pick:has-text('Conveyor')").get_attribute("class")
    assert "active" in page.locator("button.main-pick:has-text('Mechanical')").get_attribute("class")
    page.click("button.quick-note:has-text('Waiting for maintenance')")
    page.click("#submit-entry")
    page.locator("#saved-message").wait_for()
    assert "Recorded: 15 min on L1." in page.locator("#saved-message").inner_text()
    page.locator("#today-table tbody tr").first.wait_for()
    assert "1 stop, 15 min (30 labour min)" in page.locator("#today-totals").inner_text()
    event = DowntimeEvent.objects.get()
    assert (event.crew_size, event.comments) == (2, "Waiting for maintenance")
    assert event.category.full_name == "Mechanical › Conveyor › Belt slip"
    local_start = timezone.localtime(event.start, floor["facility"].tzinfo).replace(tzinfo=None)
    expected = dt.datetime.strptime(_wall(floor["facility"], 15), "%Y-%m-%dT%H:%M")
    assert abs(local_start - expected) <= dt.timedelta(minutes=1)  # plant wall clock although the tablet runs on UTC

    # --- offline: the entry is queued in the browser ----------------------------------------------------------
    page.context.set_offline(True)
    page.fill("#id_start", _wall(floor["facility"], 60))
    page.fill("#id_end", _wall(floor["facility"], 50))
    page.click("label.category-btn:has-text('Changeover')")
    page.click("#submit-entry")
    page.locator("#offline-queue .queued-entry").wait_for()
    assert "Changeover" in page.locator("#offline-queue").inner_text()
    assert DowntimeEvent.objects.count() == 1
    queued = page.evaluate("JSON.parse(localStorage.getItem('downtime.queue.v1'))[0]")
    queued_key = queued["key"]

    # --- back online: sent once, shown in today's list ----------------------------------------------------------
    page.context.set_offline(False)
    page.locator("#offline-queue").wait_for(state="hidden")
    page.wait_for_function("() => document.querySelectorAll('#today-table tbody tr').length === 2")
    assert DowntimeEvent.objects.filter(idempotency_key=queued_key).count() == 1

    # A retry of the same entry (say its response was lost) does not record it again.
    _queue(page, [queued])
    page.wait_for_function("() => (JSON.parse(localStorage.getItem('downtime.queue.v1')) || []).length === 0")
    assert DowntimeEvent.objects.count() == 2

    # The same key with another entry is refused: kept for the operator, with the server's sentence.
    _queue(page, [{**queued, "data": {**queued["data"], "crew_size": "7"}}])
    card = page.locator("#offline-queue .queued-entry.attention")
    card.wait_for()
    assert "already used for a different entry" in card.inner_text()
    assert DowntimeEvent.objects.count() == 2
    page.once("dialog", lambda dialog: dialog.accept())  # "Discard this entry?"
    card.locator("button.btn-outline-danger").click()
    page.locator("#offline-queue").wait_for(state="hidden")

    # A stop queued offline over another one: the question comes back with the entry, "Record anyway" sends it.
    first = DowntimeEvent.objects.exclude(idempotency_key=queued_key).get()
    tz = floor["facility"].tzinfo
    overlapping = {**queued, "key": "b3b1e1d2-5f2a-4c1e-9a55-000000000001", "label": "overlap",
                   "data": {**queued["data"], "idempotency_key": "b3b1e1d2-5f2a-4c1e-9a55-000000000001",
                            "start": timezone.localtime(first.start, tz).strftime("%Y-%m-%dT%H:%M"),
                            "end": timezone.localtime(first.end, tz).strftime("%Y-%m-%dT%H:%M")}}
    _queue(page, [overlapping])
    card = page.locator("#offline-queue .queued-entry.attention")
    card.wait_for()
    assert "This overlaps another stop of the line" in card.inner_text()
    card.locator("button.btn-warning").click()
    page.locator("#offline-queue").wait_for(state="hidden")
    assert DowntimeEvent.objects.count() == 3
    # the reloaded page's own requests (shift hint, today's list, jobs) end before the test's database is flushed
    page.wait_for_load_state("networkidle")


def _queue(page, items: list[dict]) -> None:
    """Put ``items`` in the tablet's queue as a page that was closed with them would have left it, and reopen."""
    page.evaluate("items => localStorage.setItem('downtime.queue.v1', JSON.stringify(items))",
                  [{**item, "status": "queued", "errors": []} for item in items])
    page.reload()
