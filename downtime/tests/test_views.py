"""The entry page, today's list, edit/delete and the offline replay, through HTTP as the tablet uses them."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from downtime.models import DowntimeEvent, QuickNote
from downtime.services.events import EventInput, record_event
from downtime.services.summary import current_production_date
from portal.testing.factories import UserFactory, work_on

from .conftest import local

pytestmark = pytest.mark.django_db


def _post(client, line, categories, start, end, **extra):
    data = {"line": line.pk, "start": start, "end": end, "crew_size": 3, "category": categories["jam"].pk,
            "comments": "jam at the filler", **extra}
    return client.post("/downtime/record/", data, HTTP_HX_REQUEST="true")


def test_entry_page_is_a_floor_page_with_the_users_lines_and_categories(client, plant, categories):
    operator = work_on(UserFactory(username="l2_operator", roles=["DowntimeTracker_User"]), plant["lines"][1])
    QuickNote.objects.create(text="Waiting for forklift", line=plant["lines"][1])
    client.force_login(operator)
    html = client.get("/downtime/").content.decode()
    assert '<body class="ui-desktop floor"' in html
    assert 'id="line-' + str(plant["lines"][1].pk) in html
    assert 'id="line-' + str(plant["lines"][0].pk) not in html  # not one of the operator's lines
    assert "Mechanical" in html and "Jam" in html and "Old reason" not in html
    assert "Waiting for forklift" in html


def test_record_through_the_form_detects_the_overnight_shift(client, operator, plant, categories):
    client.force_login(operator)
    line = plant["lines"][0]
    response = _post(client, line, categories, "2026-01-15T23:40", "2026-01-16T00:25")
    assert response.status_code == 200 and response["HX-Trigger"] == "downtimeSaved"
    assert "Recorded: 45 min on L1." in response.content.decode()
    event = DowntimeEvent.objects.get()
    assert event.start == local(plant["facility"], 2026, 1, 15, 23, 40)  # wall clock of the plant (Chicago)
    assert event.shift.name == "Night" and event.production_date == dt.date(2026, 1, 15)
    assert event.crew_size == 3 and event.created_by == operator


def test_errors_are_shown_and_nothing_typed_is_lost(client, operator, plant, categories):
    client.force_login(operator)
    response = _post(client, plant["lines"][0], categories, "2026-01-15T09:00", "2026-01-15T08:00",
                     crew_size="-2", comments="keep me")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Crew size must be a whole number, 0 or more." in html
    assert "keep me" in html and 'value="2026-01-15T09:00"' in html and 'value="-2"' in html
    response = _post(client, plant["lines"][0], categories, "2026-01-15T09:00", "2026-01-15T08:00")
    assert "The end must be after the start." in response.content.decode()
    response = _post(client, plant["lines"][0], categories, "2026-01-15T07:00", "2026-01-15T07:10", crew_size="")
    assert "needs a crew of 1 or more" in response.content.decode()  # nobody idle: only where the category allows
    categories["mechanical"].allows_no_crew = True
    categories["mechanical"].save()
    _post(client, plant["lines"][0], categories, "2026-01-15T07:00", "2026-01-15T07:10", crew_size="")
    assert DowntimeEvent.objects.get().crew_size == 0  # an empty crew is no crew, not an error
    DowntimeEvent.objects.all().delete()
    response = _post(client, plant["lines"][0], categories, "yesterday", "")
    assert "Enter a date and time." in response.content.decode()
    assert "Enter when the stop ended." in response.content.decode()
    assert not DowntimeEvent.objects.exists()


def test_overlap_prompts_for_confirmation_then_records(client, operator, plant, categories):
    client.force_login(operator)
    line = plant["lines"][0]
    _post(client, line, categories, "2026-01-15T08:00", "2026-01-15T09:00")
    response = _post(client, line, categories, "2026-01-15T08:30", "2026-01-15T09:30")
    html = response.content.decode()
    assert "This overlaps another stop of the line: 08:00–09:00 Mechanical › Jam" in html
    assert 'data-confirm-flags="confirm_overlap"' in html
    assert DowntimeEvent.objects.count() == 1
    _post(client, line, categories, "2026-01-15T08:30", "2026-01-15T09:30", confirm_overlap="on")
    assert DowntimeEvent.objects.count() == 2


def test_offline_replay_is_recorded_exactly_once(client, operator, plant, categories):
    client.force_login(operator)
    key = str(uuid.uuid4())
    data = {"line": plant["lines"][0].pk, "start": "2026-01-15T08:00", "end": "2026-01-15T08:20",
            "crew_size": "2", "category": categories["jam"].pk, "idempotency_key": key}
    first = client.post("/downtime/record/", data, HTTP_X_OFFLINE_REPLAY="1")
    second = client.post("/downtime/record/", data, HTTP_X_OFFLINE_REPLAY="1")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert DowntimeEvent.objects.filter(idempotency_key=key).count() == 1
    bad = client.post("/downtime/record/", {**data, "idempotency_key": str(uuid.uuid4()), "category": ""},
                      HTTP_X_OFFLINE_REPLAY="1")
    assert bad.status_code == 400
    assert bad.json() == {"category": ["Pick a category."], "detail": "Pick a category.", "code": "invalid"}
    overlap = client.post("/downtime/record/", {**data, "idempotency_key": str(uuid.uuid4())},
                          HTTP_X_OFFLINE_REPLAY="1")
    assert overlap.status_code == 409 and overlap.json()["code"] == "needs_confirmation"
    assert list(overlap.json()["needs_confirmation"]) == ["confirm_overlap"]
    assert "This overlaps another stop of the line" in overlap.json()["detail"]
    # the old downtime-only header means nothing any more: an ordinary page post answers the form
    page = client.post("/downtime/record/", {**data, "idempotency_key": str(uuid.uuid4())},
                       HTTP_X_DOWNTIME_REPLAY="1")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert DowntimeEvent.objects.count() == 1


def _event(user, plant, categories, start, end, line=None):
    return record_event(user, EventInput(line=line or plant["lines"][0], start=start, end=end,
                                         category=categories["jam"], crew_size=2)).event


def test_today_lists_the_lines_current_production_date_with_totals(client, operator, plant, categories):
    line = plant["lines"][0]
    today = current_production_date(line)
    facility = plant["facility"]
    start = dt.datetime.combine(today, dt.time(6, 30), tzinfo=facility.tzinfo)
    from django.utils import timezone

    if start > timezone.now():  # early in the morning: use yesterday's night
        pytest.skip("the day shift of today has not started yet")
    _event(operator, plant, categories, start, start + dt.timedelta(minutes=10))
    _event(operator, plant, categories, start - dt.timedelta(days=3), start - dt.timedelta(days=3, minutes=-5))
    _event(operator, plant, categories, start, start + dt.timedelta(minutes=7), line=plant["lines"][1])
    client.force_login(operator)
    html = client.get(f"/downtime/today/?line={line.pk}").content.decode()
    assert "1 stop, 10 min (20 labour min)" in html


def test_today_query_count_does_not_grow_with_rows(client, operator, plant, categories, django_assert_max_num_queries):
    line = plant["lines"][0]
    facility = plant["facility"]
    today = current_production_date(line)
    base = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(0, 0), tzinfo=facility.tzinfo)
    client.force_login(operator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/downtime/today/?line={line.pk}").status_code == 200
        return len(ctx.captured_queries)

    # events on the current production date, whatever the time of day the test runs
    for i in range(2):
        DowntimeEvent.objects.create(
            facility=facility, line=line, start=base + dt.timedelta(minutes=10 * i),
            end=base + dt.timedelta(minutes=10 * i + 5), duration_minutes=5, category=categories["jam"],
            production_date=today, created_by=operator, idempotency_key=uuid.uuid4())
    few = count()
    for i in range(2, 40):
        DowntimeEvent.objects.create(
            facility=facility, line=line, start=base + dt.timedelta(minutes=10 * i),
            end=base + dt.timedelta(minutes=10 * i + 5), duration_minutes=5, category=categories["jam"],
            production_date=today, created_by=operator, idempotency_key=uuid.uuid4())
    assert count() == few <= 10


def test_entry_page_query_count_is_bounded(client, operator, plant, categories):
    client.force_login(operator)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/downtime/")
    few = len(ctx.captured_queries)
    from downtime.models import Category
    from portal.testing.factories import ProductionLineFactory

    for i in range(10):
        main = Category.objects.create(name=f"Main {i}")
        Category.objects.create(name="Sub", parent=main)
        ProductionLineFactory(facility=plant["facility"])
        QuickNote.objects.create(text=f"note {i}", facility=plant["facility"])
    with CaptureQueriesContext(connection) as ctx:
        client.get("/downtime/")
    assert len(ctx.captured_queries) == few <= 15


def test_operator_edits_and_deletes_own_entries_only(client, operator, other_operator, plant, categories):
    facility = plant["facility"]
    mine = _event(operator, plant, categories, local(facility, 2026, 1, 15, 8), local(facility, 2026, 1, 15, 9))
    theirs = _event(other_operator, plant, categories, local(facility, 2026, 1, 15, 10),
                    local(facility, 2026, 1, 15, 11))
    client.force_login(operator)
    form = client.get(f"/downtime/events/{mine.pk}/edit/", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="2026-01-15T08:00"' in form and "Save changes" in form
    response = client.post(f"/downtime/events/{mine.pk}/edit/", {
        "line": mine.line_id, "start": "2026-01-15T08:00", "end": "2026-01-15T08:40", "crew_size": 1,
        "category": categories["breakdown"].pk}, HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "downtimeSaved"
    mine.refresh_from_db()
    assert mine.duration_minutes == 40 and mine.category == categories["breakdown"]
    assert client.get(f"/downtime/events/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/downtime/events/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/downtime/events/{mine.pk}/delete/").status_code == 200
    assert list(DowntimeEvent.objects.all()) == [theirs]


def test_admin_deletes_any_entry_and_changes_are_audited(client, operator, downtime_admin, plant, categories):
    from auditlog.models import LogEntry

    facility = plant["facility"]
    event = _event(operator, plant, categories, local(facility, 2026, 1, 15, 8), local(facility, 2026, 1, 15, 9))
    client.force_login(downtime_admin)
    assert client.post(f"/downtime/events/{event.pk}/delete/").status_code == 200
    entries = LogEntry.objects.filter(object_pk=str(event.pk), content_type__model="downtimeevent")
    assert sorted(entries.values_list("action", flat=True)) == [
        LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]
    acting = entries.get(action=LogEntry.Action.UPDATE)  # the admin deleted the operator's entry for them
    assert acting.actor == downtime_admin and acting.additional_data["acting_for"] == "operator"


@pytest.mark.django_db(databases=["default", "erp"])
def test_jobs_picker_lists_open_jobs_of_the_line(client, operator, plant, erp_rows):
    from erp.models import Job, Part

    part = erp_rows(Part, [{"part_number": "FG-7", "description": "Seven", "part_type": "FG", "unit_cost": 1,
                            "uom": "EA"}])[0]
    erp_rows(Job, [
        {"job_number": "J-70", "part": part, "status": "RELEASED", "facility": "MAIN", "line_code": "L1",
         "quantity_required": 5, "created_date": dt.date(2026, 1, 1)},
        {"job_number": "J-71", "part": part, "status": "CLOSED", "facility": "MAIN", "line_code": "L1",
         "quantity_required": 5, "created_date": dt.date(2026, 1, 1)},
        {"job_number": "J-72", "part": part, "status": "STARTED", "facility": "MAIN", "line_code": "L2",
         "quantity_required": 5, "created_date": dt.date(2026, 1, 1)},
    ])
    client.force_login(operator)
    html = client.get(f"/downtime/jobs/?line={plant['lines'][0].pk}").content.decode()
    assert 'data-job="J-70"' in html and "J-71" not in html and "J-72" not in html
    html = client.get(f"/downtime/jobs/?line={plant['lines'][0].pk}&job_q=nothing").content.decode()
    assert "No open job of this line matches." in html


def test_shift_hint(client, operator, plant):
    client.force_login(operator)
    text = client.get(f"/downtime/shift-hint/?line={plant['lines'][0].pk}&start=2026-01-16T03:00").content.decode()
    assert text == "Detected: Night, production date 2026-01-15"
    assert client.get(f"/downtime/shift-hint/?line={plant['lines'][0].pk}&start=garbage").status_code == 200


@pytest.mark.parametrize(("role", "status"), [("DowntimeTracker_User", 200), ("Scheduling_User", 403)])
def test_who_opens_the_entry_page(client_for, role, status):
    assert client_for(role).get("/downtime/").status_code == status


def test_a_stop_of_one_machine_is_recorded_with_its_scanned_code(client, operator, plant, categories):
    from portal.models import Machine

    line = plant["lines"][0]
    filler = Machine.objects.create(line=line, code="FIL-2", name="Filler 2")
    client.force_login(operator)
    assert 'name="machine"' in client.get("/downtime/").content.decode()  # the shared scanner input
    refused = _post(client, line, categories, "2026-01-15T09:00", "2026-01-15T09:20", machine="NOPE-9",
                    comments="keep me")
    assert "Line L1 has no machine NOPE-9." in refused.content.decode() and "keep me" in refused.content.decode()
    assert DowntimeEvent.objects.count() == 0
    _post(client, line, categories, "2026-01-15T09:00", "2026-01-15T09:20", machine=" fil-2 ")
    assert DowntimeEvent.objects.get().machine == filler
    # changing the entry keeps its machine (the edit form shows it)
    event = DowntimeEvent.objects.get()
    assert 'value="FIL-2"' in client.get(f"/downtime/events/{event.pk}/edit/", HTTP_HX_REQUEST="true").content.decode()
    api = client.get("/api/downtime/events/").json()
    assert api["results"][0]["machine"] == "FIL-2"
