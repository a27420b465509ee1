"""Preventive plans: when each is due, and the periodic opening of its tickets, exactly once per plan and due slot.

A slot names what made the plan due: ``d:2026-12-01`` (a due date), ``h:<since>`` / ``u:<since>`` (the running
hours / produced units counted since the last completion reached N). The ticket stores it, and a unique index on
(plan, slot) means a second run of the task, or two at once, open nothing more.

Running hours = the line's scheduled working time (its facility's shifts on working days) since the last
completion, minus the line's recorded downtime in that time (its stops clipped to it: downtime.services.reads).
Produced units = OUT movements of the line
(production.services.output.produced_units) since the last completion.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from maintenance.models import ChecklistItem, PreventivePlan, Ticket
from portal.calendar.arithmetic import WorkingCalendar, working_time
from portal.calendar.store import calendar_for
from portal.services.localtime import local_date, today_local

from .tickets import open_ticket

log = logging.getLogger(__name__)
Trigger = PreventivePlan.Trigger


@dataclass(frozen=True)
class Due:
    slot: str
    due_date: dt.date | None  # calendar plans
    progress: float  # meter reading since the last completion (hours or units), or days
    is_due: bool


def _since(plan: PreventivePlan, tz) -> dt.datetime:
    if plan.last_completed_at:
        return plan.last_completed_at
    return dt.datetime.combine(plan.start_date, dt.time(0), tzinfo=tz)


def running_hours(plan: PreventivePlan, since: dt.datetime, now: dt.datetime,
                  calendar: WorkingCalendar | None = None) -> float:
    from downtime.services.reads import stopped_minutes

    line = plan.machine.line
    calendar = calendar or calendar_for(line.facility)
    scheduled = working_time(calendar, since, now).total_seconds() / 3600
    stopped = stopped_minutes([line.pk], since, now).get(line.pk, 0.0)
    return max(0.0, scheduled - stopped / 60)


def produced_since(plan: PreventivePlan, since: dt.datetime, now: dt.datetime) -> int:
    from production.services.output import produced_units

    line_id = plan.machine.line_id
    return int(produced_units([line_id], since, now).get(line_id, 0))


def due_of(plan: PreventivePlan, now: dt.datetime | None = None, calendar: WorkingCalendar | None = None) -> Due:
    """Whether ``plan`` is due at ``now`` and under which slot."""
    now = now or timezone.now()
    facility = plan.machine.line.facility
    tz = facility.tzinfo
    today = today_local(facility, now)
    if plan.trigger == Trigger.FIXED_DATES:
        if today < plan.start_date:
            return Due(f"d:{plan.start_date.isoformat()}", plan.start_date, 0, False)
        k = (today - plan.start_date).days // plan.interval
        slot_date = plan.start_date + dt.timedelta(days=k * plan.interval)
        return Due(f"d:{slot_date.isoformat()}", slot_date, (today - slot_date).days, True)
    if plan.trigger == Trigger.DAYS_SINCE_DONE:
        if plan.last_completed_at:
            due = local_date(plan.last_completed_at, facility) + dt.timedelta(days=plan.interval)
        else:
            due = plan.start_date
        return Due(f"d:{due.isoformat()}", due, (today - due).days, today >= due)
    since = _since(plan, tz)
    if plan.trigger == Trigger.RUNNING_HOURS:
        hours = running_hours(plan, since, now, calendar)
        return Due(f"h:{since.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}", None, hours, hours >= plan.interval)
    units = produced_since(plan, since, now)
    return Due(f"u:{since.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}", None, units, units >= plan.interval)


def open_plan_ticket(plan: PreventivePlan, slot: str) -> Ticket | None:
    """Open the plan's ticket for ``slot`` with its checklist; None when that slot already has its ticket."""
    if Ticket.objects.filter(plan=plan, slot=slot).exists():
        return None
    try:
        with transaction.atomic():
            ticket, _created = open_ticket(
                line=plan.machine.line, machine=plan.machine, kind=Ticket.Kind.PREVENTIVE,
                source=Ticket.Source.PLAN, priority=plan.priority, problem=plan.name,
                description=plan.instructions, plan=plan, slot=slot)
            ChecklistItem.objects.bulk_create([
                ChecklistItem(ticket=ticket, order=step.order, text=step.text, text_es=step.text_es)
                for step in plan.steps.all()])
    except IntegrityError:  # another run opened it a moment ago
        return None
    return ticket


def generate_due_tickets(now: dt.datetime | None = None) -> list[Ticket]:
    """Open a ticket for every active plan that is due (the periodic task). Returns the tickets opened."""
    now = now or timezone.now()
    opened = []
    calendars: dict[int, WorkingCalendar] = {}
    plans = (PreventivePlan.objects.active().filter(machine__active=True)
             .select_related("machine__line__facility", "priority"))
    for plan in plans:
        facility = plan.machine.line.facility
        if facility.pk not in calendars:
            calendars[facility.pk] = calendar_for(facility)
        due = due_of(plan, now, calendars[facility.pk])
        if due.is_due:
            ticket = open_plan_ticket(plan, due.slot)
            if ticket:
                opened.append(ticket)
    if opened:
        log.info("preventive maintenance tickets opened: %s", len(opened))
    return opened
