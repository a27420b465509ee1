"""The entry rules of downtime events, without HTTP (services/events.py)."""

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from downtime.models import DowntimeEvent
from downtime.services.events import EventInput, delete_event, record_event, update_event
from notifications.models import Notification
from portal.commands import Forbidden, Invalid, NeedsConfirmation
from portal.testing.factories import ProductionLineFactory, UserFactory, work_on

from .conftest import local

pytestmark = pytest.mark.django_db


def _input(plant, categories, start, end, **kwargs):
    kwargs.setdefault("crew_size", 1)
    return EventInput(line=kwargs.pop("line", plant["lines"][0]), start=start, end=end,
                      category=kwargs.pop("category", categories["jam"]), **kwargs)


def _errors(exc_info) -> dict:
    """The field errors of a refusal (portal.commands.Invalid, 400), one sentence per field."""
    assert exc_info.value.status == 400
    return {k: " ".join(v) for k, v in exc_info.value.errors.items()}


def test_records_an_event_with_duration_shift_and_production_date(plant, categories, operator):
    facility = plant["facility"]
    data = _input(plant, categories, local(facility, 2026, 1, 15, 8, 10, 42), local(facility, 2026, 1, 15, 8, 55),
                  crew_size=4, comments="  belt jammed ")
    result = record_event(operator, data)
    event = DowntimeEvent.objects.get()
    assert result.created and result.event == event
    assert event.duration_minutes == 45  # 08:10 (seconds dropped) to 08:55
    assert event.start == local(facility, 2026, 1, 15, 8, 10)
    assert event.labour_minutes == 180
    assert event.shift.name == "Day" and event.production_date == dt.date(2026, 1, 15)
    assert event.facility == facility and event.created_by == operator and event.comments == "belt jammed"


def test_small_hours_belong_to_the_night_shift_of_the_previous_date(plant, categories, operator):
    facility = plant["facility"]
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 16, 2, 0),
                                          local(facility, 2026, 1, 16, 2, 30))).event
    assert event.shift.name == "Night" and event.production_date == dt.date(2026, 1, 15)


def test_an_overridden_shift_is_kept_and_dates_its_run(plant, categories, operator):
    facility = plant["facility"]
    night = plant["shifts"][2]
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 16, 6, 5),
                                          local(facility, 2026, 1, 16, 6, 20), shift=night)).event
    assert event.shift == night and event.production_date == dt.date(2026, 1, 15)


def test_a_shift_of_another_facility_is_refused(plant, categories, operator):
    from portal.testing.factories import ShiftFactory

    other = ShiftFactory(name="Elsewhere")
    facility = plant["facility"]
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                      local(facility, 2026, 1, 15, 9), shift=other))
    assert "active shift of the line's facility" in _errors(exc)["shift"]


def test_between_shifts_the_local_date_is_the_production_date(plant, categories, operator):
    plant["shifts"][1].delete()  # no swing shift: 14:00-22:00 is uncovered
    facility = plant["facility"]
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 15),
                                          local(facility, 2026, 1, 15, 16))).event
    assert event.shift is None and event.production_date == dt.date(2026, 1, 15)


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    ((9, 0), (9, 0), "end", "The end must be after the start."),
    ((9, 30), (9, 0), "end", "The end must be after the start."),
])
def test_end_must_be_after_start(plant, categories, operator, start, end, field, message):
    facility = plant["facility"]
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, *start),
                                      local(facility, 2026, 1, 15, *end)))
    assert _errors(exc)[field] == message
    assert not DowntimeEvent.objects.exists()


def test_not_in_the_future_beyond_the_tolerance(plant, categories, operator):
    now = timezone.now()
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, now - dt.timedelta(minutes=10),
                                      now + dt.timedelta(minutes=30)))
    assert _errors(exc)["end"] == "The time cannot be in the future."
    # a tablet clock a couple of minutes fast is fine
    record_event(operator, _input(plant, categories, now - dt.timedelta(minutes=10), now + dt.timedelta(minutes=2)))
    assert DowntimeEvent.objects.count() == 1


def test_more_than_twelve_hours_needs_confirmation(plant, categories, operator):
    facility = plant["facility"]
    data = _input(plant, categories, local(facility, 2026, 1, 15, 6), local(facility, 2026, 1, 15, 19))
    with pytest.raises(NeedsConfirmation) as exc:
        record_event(operator, data)
    assert set(exc.value.warnings) == {"confirm_long"}
    assert "13.0 hours" in exc.value.warnings["confirm_long"]
    assert not DowntimeEvent.objects.exists()
    from dataclasses import replace

    assert record_event(operator, replace(data, confirm_long=True)).event.duration_minutes == 13 * 60


def test_overlap_on_the_same_line_needs_confirmation(plant, categories, operator):
    facility = plant["facility"]
    record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8), local(facility, 2026, 1, 15, 9)))
    overlapping = _input(plant, categories, local(facility, 2026, 1, 15, 8, 30), local(facility, 2026, 1, 15, 9, 30))
    with pytest.raises(NeedsConfirmation) as exc:
        record_event(operator, overlapping)
    assert "08:00–09:00 Mechanical › Jam" in exc.value.warnings["confirm_overlap"]
    # touching is not overlapping, and another line is independent
    record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 9), local(facility, 2026, 1, 15, 10)))
    record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8, 30),
                                  local(facility, 2026, 1, 15, 9, 30), line=plant["lines"][1]))
    from dataclasses import replace

    record_event(operator, replace(overlapping, confirm_overlap=True))
    assert DowntimeEvent.objects.count() == 4


@pytest.mark.parametrize("crew", [-1, 2.5, True])
def test_crew_size_is_a_whole_number_not_negative(plant, categories, operator, crew):
    facility = plant["facility"]
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                      local(facility, 2026, 1, 15, 9), crew_size=crew))
    assert _errors(exc)["crew_size"] == "Crew size must be a whole number, 0 or more."


def test_category_must_be_an_active_leaf(plant, categories, operator):
    facility = plant["facility"]
    start, end = local(facility, 2026, 1, 15, 8), local(facility, 2026, 1, 15, 9)
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, start, end, category=categories["mechanical"]))
    assert _errors(exc)["category"] == "Pick a sub-category of “Mechanical”."
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, start, end, category=categories["retired"]))
    assert "no longer active" in _errors(exc)["category"]
    # a main category without sub-categories is a leaf
    assert record_event(operator, _input(plant, categories, start, end, category=categories["changeover"])).created


def test_only_the_users_lines(plant, categories):
    facility = plant["facility"]
    operator = work_on(UserFactory(username="l2_only", roles=["DowntimeTracker_User"]), plant["lines"][1])
    with pytest.raises(Forbidden) as exc:
        record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                      local(facility, 2026, 1, 15, 9)))
    assert exc.value.status == 403 and exc.value.errors == {"line": [exc.value.message]}
    assert "You do not work on line L1" in exc.value.message
    inactive = ProductionLineFactory(facility=facility, active=False)
    work_on(operator, inactive)
    with pytest.raises(Forbidden):
        record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                      local(facility, 2026, 1, 15, 9), line=inactive))
    nobody = UserFactory(username="no_department", roles=["DowntimeTracker_User"])  # scoping fails closed
    with pytest.raises(Forbidden):
        record_event(nobody, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                    local(facility, 2026, 1, 15, 9), line=plant["lines"][1]))
    assert not DowntimeEvent.objects.exists()


def test_a_repeated_idempotency_key_returns_the_first_event(plant, categories, operator):
    facility = plant["facility"]
    key = uuid.uuid4()
    data = _input(plant, categories, local(facility, 2026, 1, 15, 8), local(facility, 2026, 1, 15, 9))
    first = record_event(operator, data, key)
    again = record_event(operator, data, key)  # would overlap if it were recorded again
    assert first.created and not again.created and again.event.pk == first.event.pk
    assert DowntimeEvent.objects.count() == 1


def test_update_applies_the_same_rules_and_ignores_itself_for_overlap(plant, categories, operator, other_operator):
    facility = plant["facility"]
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                          local(facility, 2026, 1, 15, 9))).event
    update_event(operator, event, _input(plant, categories, local(facility, 2026, 1, 15, 8, 15),
                                         local(facility, 2026, 1, 15, 9), crew_size=2))
    event.refresh_from_db()
    assert event.duration_minutes == 45 and event.crew_size == 2 and event.updated_by == operator
    with pytest.raises(Forbidden) as exc:
        update_event(other_operator, event, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                                   local(facility, 2026, 1, 15, 9)))
    assert exc.value.status == 403 and exc.value.message == "You can change only the entries you recorded."
    with pytest.raises(Forbidden):
        delete_event(other_operator, event)
    delete_event(operator, event)
    assert not DowntimeEvent.objects.exists()


def test_admins_change_and_delete_any_entry(plant, categories, operator, downtime_admin):
    facility = plant["facility"]
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                          local(facility, 2026, 1, 15, 9))).event
    update_event(downtime_admin, event, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                               local(facility, 2026, 1, 15, 9), category=categories["breakdown"]))
    event.refresh_from_db()
    assert event.category == categories["breakdown"] and event.created_by == operator
    delete_event(downtime_admin, event)
    assert not DowntimeEvent.objects.exists()


def test_notify_category_tells_its_groups(plant, categories, operator, downtime_admin):
    facility = plant["facility"]
    mechanical = categories["mechanical"]
    mechanical.notify = True
    mechanical.save()
    mechanical.notify_groups.add(Group.objects.get(name="DowntimeTracker_Admin"))
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                          local(facility, 2026, 1, 15, 9), category=categories["breakdown"])).event
    notification = Notification.objects.get(kind="downtime.event")
    assert notification.title == "Downtime on L1: Mechanical › Breakdown"
    assert notification.source_id == str(event.pk)
    from notifications.services import visible_to

    assert visible_to(downtime_admin).filter(pk=notification.pk).exists()
    assert not visible_to(operator).filter(pk=notification.pk).exists()
    # categories without the flag raise nothing
    record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 10),
                                  local(facility, 2026, 1, 15, 11), category=categories["changeover"]))
    assert Notification.objects.count() == 1


@pytest.mark.django_db(databases=["default", "erp"])
def test_erp_job_snapshots_the_part_and_must_be_open_on_the_line(plant, categories, operator, erp_rows):
    from erp.models import Job, Part

    facility = plant["facility"]
    part = erp_rows(Part, [{"part_number": "FG-100", "description": "Widget 100", "part_type": "FG",
                                 "unit_cost": 1, "uom": "EA"}])[0]
    erp_rows(Job, [
        {"job_number": "J-1", "part": part, "status": "STARTED", "facility": "MAIN", "line_code": "L1",
         "quantity_required": 10, "created_date": dt.date(2026, 1, 1)},
        {"job_number": "J-2", "part": part, "status": "CLOSED", "facility": "MAIN", "line_code": "L1",
         "quantity_required": 10, "created_date": dt.date(2026, 1, 1)},
        {"job_number": "J-3", "part": part, "status": "STARTED", "facility": "MAIN", "line_code": "L2",
         "quantity_required": 10, "created_date": dt.date(2026, 1, 1)},
    ])
    event = record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 8),
                                          local(facility, 2026, 1, 15, 9), job_number="J-1")).event
    assert (event.job_number, event.part_number, event.part_description) == ("J-1", "FG-100", "Widget 100")
    for job in ("J-2", "J-3", "NOPE"):
        with pytest.raises(Invalid) as exc:
            record_event(operator, _input(plant, categories, local(facility, 2026, 1, 15, 10),
                                          local(facility, 2026, 1, 15, 11), job_number=job))
        assert _errors(exc)["job_number"] == f"Job {job} is not an open job of line L1."


def test_a_crew_of_zero_only_where_the_category_allows_it(plant, categories, operator):
    facility = plant["facility"]
    when = (local(facility, 2026, 1, 15, 8), local(facility, 2026, 1, 15, 9))
    with pytest.raises(Invalid) as exc:
        record_event(operator, _input(plant, categories, *when, crew_size=0))
    assert _errors(exc)["crew_size"] == (
        "Enter how many people the stop idled: “Mechanical › Jam” needs a crew of 1 or more.")
    categories["mechanical"].allows_no_crew = True  # the flag of a main category covers its sub-categories
    categories["mechanical"].save()
    jam = categories["jam"].__class__.objects.get(pk=categories["jam"].pk)
    assert record_event(operator, _input(plant, categories, *when, crew_size=0, category=jam)).event.crew_size == 0
