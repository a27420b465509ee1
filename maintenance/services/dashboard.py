"""Figures of the maintenance dashboard, aggregated in the database: a fixed number of queries for any number of
tickets (open tickets by priority and age, SLA compliance of closed tickets, MTBF/MTTR, calendar plans due)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q

from maintenance.models import PreventivePlan, Priority, Ticket
from portal.models import Machine
from portal.services.localtime import local_date, today_local

from .reliability import with_reliability

CLOSED = (Ticket.State.DONE, Ticket.State.VERIFIED)
OPEN_STATES = (Ticket.State.OPEN, Ticket.State.ASSIGNED, Ticket.State.IN_PROGRESS, Ticket.State.ON_HOLD)
# (key, lower bound in days, upper bound in days or None)
AGE_BUCKETS = (("lt1", 0, 1), ("1to3", 1, 3), ("3to7", 3, 7), ("gt7", 7, None))
TOP_MACHINES = 20


@dataclass(frozen=True)
class SlaCompliance:
    closed: int
    response_measured: int
    response_met: int
    resolution_measured: int
    resolution_met: int

    @staticmethod
    def _pct(met: int, measured: int) -> float | None:
        return round(100 * met / measured, 1) if measured else None

    @property
    def response_pct(self) -> float | None:
        return self._pct(self.response_met, self.response_measured)

    @property
    def resolution_pct(self) -> float | None:
        return self._pct(self.resolution_met, self.resolution_measured)


# Every figure takes ``lines``: a queryset of the lines whose tickets the reader may see
# (portal.services.scoping.history_lines_for); None counts every line.


def open_by_priority(lines=None) -> list[Priority]:
    """Every priority (most urgent first) with ``open_count``, in one query."""
    scope = Q(tickets__state__in=OPEN_STATES) & (Q(tickets__line__in=lines) if lines is not None else Q())
    return list(Priority.objects.annotate(open_count=Count("tickets", filter=scope)).order_by("rank"))


def _tickets(lines=None):
    return Ticket.objects.filter(line__in=lines) if lines is not None else Ticket.objects.all()


def open_by_age(now: dt.datetime, lines=None) -> dict[str, int]:
    """Open tickets per age bucket (days since opened), in one query."""
    counts = {}
    for key, low, high in AGE_BUCKETS:
        q = Q(opened_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            q &= Q(opened_at__gt=now - dt.timedelta(days=high))
        counts[key] = Count("pk", filter=q)
    return _tickets(lines).filter(state__in=OPEN_STATES).aggregate(**counts)


def sla_compliance(start: dt.datetime, end: dt.datetime, lines=None) -> SlaCompliance:
    """Closed (done or verified) tickets finished in ``[start, end)``: response met when work started by the
    response due moment, resolution met when finished by the resolution due moment (one query)."""
    row = _tickets(lines).filter(state__in=CLOSED, finished_at__gte=start, finished_at__lt=end).aggregate(
        closed=Count("pk"),
        response_measured=Count("pk", filter=Q(response_due__isnull=False, responded_at__isnull=False)),
        response_met=Count("pk", filter=Q(responded_at__lte=F("response_due"))),
        resolution_measured=Count("pk", filter=Q(resolution_due__isnull=False)),
        resolution_met=Count("pk", filter=Q(finished_at__lte=F("resolution_due"))),
    )
    return SlaCompliance(**row)


def reliability_top(start: dt.datetime, end: dt.datetime, limit: int = TOP_MACHINES, lines=None) -> list[Machine]:
    """The machines with the most corrective tickets in the period, with MTBF/MTTR (one query)."""
    machines = Machine.objects.select_related("line")
    machines = machines.filter(line__in=lines) if lines is not None else machines
    return list(with_reliability(machines, start, end)
                .filter(failures__gt=0).order_by("-failures", "code")[:limit])


def next_calendar_due(plan: PreventivePlan, today: dt.date) -> dt.date | None:
    """The next due date of a calendar plan (overdue ones keep their past date); None for meter plans, whose
    reading needs the production and downtime ledgers (shown on the plan, not here)."""
    trigger = PreventivePlan.Trigger
    if plan.trigger == trigger.FIXED_DATES:
        if today <= plan.start_date:
            return plan.start_date
        k = -(-(today - plan.start_date).days // plan.interval)  # ceiling: today or the next slot
        return plan.start_date + dt.timedelta(days=k * plan.interval)
    if plan.trigger == trigger.DAYS_SINCE_DONE:
        if plan.last_completed_at:
            return local_date(plan.last_completed_at, plan.machine.line.facility) + dt.timedelta(days=plan.interval)
        return plan.start_date
    return None


def plans_due_this_week(now: dt.datetime, lines=None) -> list[tuple[PreventivePlan, dt.date]]:
    """Active calendar plans due within the next 7 days in their facility's zone, or overdue (one query)."""
    due = []
    plans = PreventivePlan.objects.filter(active=True).select_related("machine__line__facility")
    for plan in plans.filter(machine__line__in=lines) if lines is not None else plans:
        today = today_local(plan.machine.line.facility, now)
        date = next_calendar_due(plan, today)
        if date is not None and date < today + dt.timedelta(days=7):
            due.append((plan, date))
    return sorted(due, key=lambda pair: pair[1])
