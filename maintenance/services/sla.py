"""SLA clocks in the plant's working time: the facility's working calendar (the core's, portal.calendar: active
shifts on its working days, holidays off, overnight included)."""

from __future__ import annotations

import datetime as dt

from maintenance.models import Ticket
from portal.calendar.arithmetic import WorkingCalendar, add_working_time, working_time
from portal.calendar.store import calendar_for


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
