"""Figures of the maintenance dashboard, aggregated in the database: a fixed number of queries for any number of
tickets (open tickets by priority and age, SLA compliance of closed tickets and its trend per week or month,
MTBF/MTTR, calendar plans due or overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from maintenance.models import PreventivePlan, Priority, Ticket
from portal.models import Machine
from portal.services.localtime import local_date, today_local, zone_of

from .reliability import with_reliability

CLOSED = (Ticket.State.DONE, Ticket.State.VERIFIED)
OPEN_STATES = (Ticket.State.OPEN, Ticket.State.ASSIGNED, Ticket.State.IN_PROGRESS, Ticket.State.ON_HOLD)
# (key, lower bound in days, upper bound in days or None, label): the ticket list's ``age`` filter uses the same
AGE_BUCKETS = (("lt1", 0, 1, _("< 1 day")), ("1to3", 1, 3, _("1–3 days")), ("3to7", 3, 7, _("3–7 days")),
               ("7to30", 7, 30, _("7–30 days")), ("gt30", 30, None, _("> 30 days")))
# The SLA trend's periods (weeks); above MONTHLY_ABOVE weeks it is drawn per month, else per week.
TREND_WEEKS = (4, 13, 26, 52)
DEFAULT_TREND_WEEKS = 13
MONTHLY_ABOVE = 26
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


def age_q(key: str, now: dt.datetime, prefix: str = "") -> Q:
    """Tickets whose age (since opened) falls in bucket ``key`` at ``now`` (any ticket for an unknown key)."""
    for bucket, low, high, _label in AGE_BUCKETS:
        if bucket == key:
            q = Q(**{f"{prefix}opened_at__lte": now - dt.timedelta(days=low)})
            if high is not None:
                q &= Q(**{f"{prefix}opened_at__gt": now - dt.timedelta(days=high)})
            return q
    return Q()


def open_by_age(now: dt.datetime, lines=None) -> dict[str, int]:
    """Open tickets per age bucket (days since opened), in one query."""
    counts = {key: Count("pk", filter=age_q(key, now)) for key, *_rest in AGE_BUCKETS}
    return _tickets(lines).filter(state__in=OPEN_STATES).aggregate(**counts)


@dataclass(frozen=True)
class AgeRow:
    priority: Priority
    counts: tuple[int, ...]  # one per AGE_BUCKETS


def open_by_age_and_priority(now: dt.datetime, lines=None) -> list[AgeRow]:
    """Every priority (most urgent first) with its open tickets per age bucket, in one query."""
    scope = Q(tickets__state__in=OPEN_STATES) & (Q(tickets__line__in=lines) if lines is not None else Q())
    counts = {key: Count("tickets", filter=scope & age_q(key, now, "tickets__")) for key, *_rest in AGE_BUCKETS}
    priorities = Priority.objects.annotate(**{f"age_{key}": count for key, count in counts.items()}).order_by("rank")
    return [AgeRow(p, tuple(getattr(p, f"age_{key}") for key, *_rest in AGE_BUCKETS)) for p in priorities]


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


@dataclass(frozen=True)
class SlaPeriod:
    """One week (from Monday) or month of the SLA trend: tickets closed in it and how many met their targets."""

    first: dt.date
    last: dt.date
    closed: int = 0
    response_measured: int = 0
    response_met: int = 0
    resolution_measured: int = 0
    resolution_met: int = 0

    @property
    def response_pct(self) -> float | None:
        return SlaCompliance._pct(self.response_met, self.response_measured)

    @property
    def resolution_pct(self) -> float | None:
        return SlaCompliance._pct(self.resolution_met, self.resolution_measured)


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def trend_periods(today: dt.date, weeks: int) -> list[tuple[dt.date, dt.date]]:
    """The last ``weeks`` weeks (Monday to Sunday) up to the one holding ``today``; per month (the last
    round(weeks × 7 ÷ 30.44) months up to this one) when longer than MONTHLY_ABOVE weeks."""
    if weeks > MONTHLY_ABOVE:
        months = max(1, round(weeks * 7 / 30.44))
        starts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
        return [(first, _month_start(first, -1) - dt.timedelta(days=1)) for first in starts]
    monday = today - dt.timedelta(days=today.weekday())
    firsts = [monday - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    return [(first, first + dt.timedelta(days=6)) for first in firsts]


def sla_trend(now: dt.datetime, weeks: int = DEFAULT_TREND_WEEKS, lines=None, zone=None) -> list[SlaPeriod]:
    """SLA compliance of closed tickets per week (per month past MONTHLY_ABOVE weeks), each ticket counted on
    the date it was finished in its own facility's zone; the periods end at today in ``zone`` (a facility, a
    zone name or None for the portal's). One query: the closing moments only, bucketed here."""
    periods = trend_periods(today_local(zone_of(zone), now), weeks)
    first, last = periods[0][0], periods[-1][1]
    # a day of margin either side: every zone's local day is within it, the exact cut is on the local date
    rows = (_tickets(lines).filter(state__in=CLOSED, finished_at__gte=dt.datetime.combine(
        first - dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC), finished_at__lt=dt.datetime.combine(
        last + dt.timedelta(days=2), dt.time(0), tzinfo=dt.UTC))
        .values_list("finished_at", "responded_at", "response_due", "resolution_due", "line__facility__time_zone"))
    tally = [[0, 0, 0, 0, 0] for _period in periods]
    starts = [start for start, _end in periods]
    for finished, responded, response_due, resolution_due, zone_name in rows.iterator():
        day = local_date(finished, zone_name)
        if not first <= day <= last:
            continue
        index = max(i for i, start in enumerate(starts) if start <= day)
        counts = tally[index]
        counts[0] += 1
        if responded is not None and response_due is not None:
            counts[1] += 1
            counts[2] += responded <= response_due
        if resolution_due is not None:
            counts[3] += 1
            counts[4] += finished <= resolution_due
    return [SlaPeriod(start, end, *counts) for (start, end), counts in zip(periods, tally, strict=True)]


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


@dataclass(frozen=True)
class PlanDue:
    plan: PreventivePlan
    due: dt.date
    overdue_days: int  # 0 when due today or later this week

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def _open_slot(plan: PreventivePlan, today: dt.date) -> dt.date | None:
    """The latest slot of a fixed-dates plan that has come (today or before); None before its start."""
    if today < plan.start_date:
        return None
    return plan.start_date + dt.timedelta(days=(today - plan.start_date).days // plan.interval * plan.interval)


def calendar_due(plans: list[PreventivePlan], now: dt.datetime) -> list[PlanDue]:
    """Each calendar plan of ``plans`` (machine, line and facility selected) with its due date in its facility's
    zone: overdue when before today and not done. A fixed-dates plan is overdue when the ticket of its last slot
    is still open, or was never opened; done or cancelled, its next slot counts. Meter plans are left out.
    One query."""
    todays = {plan.pk: today_local(plan.machine.line.facility, now) for plan in plans}
    slots = {plan.pk: _open_slot(plan, todays[plan.pk]) for plan in plans
             if plan.trigger == PreventivePlan.Trigger.FIXED_DATES}
    past = {pk: slot for pk, slot in slots.items() if slot is not None and slot < todays[pk]}
    handled = set(Ticket.objects.filter(
        plan__in=list(past), slot__in={f"d:{slot.isoformat()}" for slot in past.values()},
    ).exclude(state__in=OPEN_STATES).values_list("plan_id", "slot")) if past else set()
    due = []
    for plan in plans:
        today = todays[plan.pk]
        slot = past.get(plan.pk)
        if slot is not None and (plan.pk, f"d:{slot.isoformat()}") not in handled:
            date = slot  # the last slot's work is not done yet
        else:
            date = next_calendar_due(plan, today)
        if date is not None:
            due.append(PlanDue(plan, date, max(0, (today - date).days)))
    return sorted(due, key=lambda d: (not d.overdue, d.due, d.plan.machine.code))


def plans_due_this_week(now: dt.datetime, lines=None) -> list[PlanDue]:
    """Active calendar plans overdue (most overdue first), then those due within the next 7 days in their
    facility's zone (soonest first). Two queries at most."""
    plans = PreventivePlan.objects.filter(active=True).select_related("machine__line__facility")
    plans = list(plans.filter(machine__line__in=lines) if lines is not None else plans)
    return [d for d in calendar_due(plans, now)
            if d.due < today_local(d.plan.machine.line.facility, now) + dt.timedelta(days=7)]
