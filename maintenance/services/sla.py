"""SLA clocks in the plant's working time: the facility's active shifts on its working days (overnight included)."""

from __future__ import annotations

import datetime as dt

from maintenance.engine.working_time import WorkingCalendar, add_working_time, working_time
from maintenance.models import Holiday, Ticket, WorkingDays
from portal.models import Facility

DEFAULT_WEEKDAYS = frozenset({1, 2, 3, 4, 5})


def calendar_for(facility: Facility) -> WorkingCalendar:
    """The working calendar of ``facility`` (3 small queries)."""
    shifts = tuple(facility.shifts.filter(active=True).values_list("start_time", "end_time"))
    days = WorkingDays.objects.filter(facility=facility).first()
    holidays = frozenset(Holiday.objects.filter(facility=facility).values_list("date", flat=True))
    return WorkingCalendar(tz=facility.tzinfo, shifts=shifts,
                           weekdays=days.iso_weekdays if days else DEFAULT_WEEKDAYS, holidays=holidays)


def ticket_working_time(ticket: Ticket, since: dt.datetime, until: dt.datetime,
                        calendar: WorkingCalendar | None = None) -> dt.timedelta:
    """Working time of ``ticket``'s facility between two moments (the workflow's escalation clock)."""
    return working_time(calendar or calendar_for(ticket.line.facility), since, until)


def set_due_moments(ticket: Ticket, calendar: WorkingCalendar | None = None) -> None:
    """Fill the response and resolution due moments from the priority's targets, counted from the opening."""
    calendar = calendar or calendar_for(ticket.line.facility)
    priority = ticket.priority
    ticket.response_due = add_working_time(calendar, ticket.opened_at,
                                           dt.timedelta(hours=float(priority.response_hours)))
    ticket.resolution_due = add_working_time(calendar, ticket.opened_at,
                                             dt.timedelta(hours=float(priority.resolution_hours)))


def working_time_left(ticket: Ticket, now: dt.datetime, calendar: WorkingCalendar) -> dt.timedelta:
    """Working time until the resolution due moment; negative (the working time since) once it has passed."""
    if ticket.resolution_due is None:
        return dt.timedelta(0)
    if now <= ticket.resolution_due:
        return working_time(calendar, now, ticket.resolution_due)
    return -working_time(calendar, ticket.resolution_due, now)
