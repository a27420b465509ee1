"""The working calendar of a facility, read from the database: its active shifts, working weekdays and holidays."""

from __future__ import annotations

from collections.abc import Iterable

from portal.models import Facility, Holiday, Shift, WorkingDays

from .arithmetic import DEFAULT_WEEKDAYS, WorkingCalendar


def calendar_for(facility: Facility) -> WorkingCalendar:
    """The working calendar of ``facility`` (3 small queries)."""
    return calendars_for([facility])[facility.pk]


def calendars_for(facilities: Iterable[Facility]) -> dict[int, WorkingCalendar]:
    """The calendars of several facilities by pk, in 3 queries whatever their number (list pages, OEE, planning)."""
    facilities = {f.pk: f for f in facilities}
    shifts: dict[int, list[tuple]] = {pk: [] for pk in facilities}
    for facility_id, start, end in Shift.objects.filter(facility_id__in=facilities, active=True).order_by(
            "start_time").values_list("facility_id", "start_time", "end_time"):
        shifts[facility_id].append((start, end))
    days = {row.facility_id: row.iso_weekdays for row in WorkingDays.objects.filter(facility_id__in=facilities)}
    holidays: dict[int, set] = {pk: set() for pk in facilities}
    for facility_id, date in Holiday.objects.filter(facility_id__in=facilities).values_list("facility_id", "date"):
        holidays[facility_id].add(date)
    return {pk: WorkingCalendar(tz=facility.tzinfo, shifts=tuple(shifts[pk]),
                                weekdays=days.get(pk, DEFAULT_WEEKDAYS), holidays=frozenset(holidays[pk]))
            for pk, facility in facilities.items()}
