"""Reading the plan: bookings of a window, conflicts, utilization against capacity and actual output, late orders,
the Gantt rows. Reads with ``values()`` (no model instances) so a quarter of 10,000 stages stays fast."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Max, QuerySet
from django.utils import timezone

from portal.calendar.store import calendar_for
from portal.models import Facility, Machine, ProductionLine
from portal.services.fastrows import Epoch, cursor_rows
from production.services.output import produced_units_per_day

from ..engine import schedule as engine
from ..models import Operation, PlanningOrder
from ..models.orders import OPEN_STATES
from .capacity import capacity_per_day, days_between
from .progress import made_by_stage

ACTIVE_STATES = OPEN_STATES  # stages of done/cancelled orders no longer load the plant


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


def resource_key(line_id: int, machine_id: int | None) -> str:
    return f"m{machine_id}" if machine_id else f"l{line_id}"


def operations_between(facility: Facility, start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Stages of open orders of ``facility`` running at some point in ``[start, end)``."""
    return Operation.objects.filter(order__facility=facility, order__state__in=ACTIVE_STATES,
                                    planned_start__lt=end, planned_end__gt=start)


def bookings(rows: QuerySet, *, by_line: bool = False) -> list[engine.Booking]:
    """Engine bookings of operations; ``by_line`` puts machine stages on their line (for line utilization). Times
    are read as epoch seconds straight from the cursor (a quarter's 10,000 stages: Django's datetime converters
    cost more than the computation)."""
    values = cursor_rows(rows.values_list("pk", "order_id", "sequence", "line_id", "machine_id",
                                          Epoch("planned_start"), Epoch("planned_end"), "units"))
    moment = dt.datetime.fromtimestamp
    return [engine.Booking(pk, str(order), seq, f"l{line}" if by_line else resource_key(line, machine),
                           moment(start, dt.UTC), moment(end, dt.UTC), float(units))
            for pk, order, seq, line, machine, start, end, units in values]


def conflicts_for(facility: Facility, start: dt.datetime, end: dt.datetime) -> list[engine.Conflict]:
    """Overlaps and sequence breaks among the stages running in the window (with their orders' other stages, so a
    predecessor outside the window still counts)."""
    orders = operations_between(facility, start, end).values("order_id")
    return engine.conflicts(bookings(Operation.objects.filter(order_id__in=orders)))


@dataclass
class UtilizationRow:
    line: ProductionLine
    day: dt.date
    planned: float
    capacity: float
    actual: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.planned / self.capacity, 1) if self.capacity else None

    @property
    def over_capacity(self) -> bool:
        return self.planned > self.capacity + 1e-6


def utilization(facility: Facility, first: dt.date, last: dt.date,
                lines: list[ProductionLine] | None = None) -> list[UtilizationRow]:
    """Per line and plant day of ``facility``: planned units (each stage spread evenly over its running time),
    capacity (shifts or override) and actual output (OUT movements)."""
    zone = facility.tzinfo
    lines = lines if lines is not None else list(ProductionLine.objects.filter(facility=facility, active=True))
    line_ids = [line.pk for line in lines]
    start, end = local_midnight(first, zone), local_midnight(last + dt.timedelta(days=1), zone)
    ops = operations_between(facility, start, end).filter(line_id__in=line_ids)
    calendar = calendar_for(facility)
    capacity = capacity_per_day(line_ids, first, last, calendar)
    loads = engine.utilization(bookings(ops, by_line=True), {(f"l{k[0]}", k[1]): v for k, v in capacity.items()},
                               zone, first, last, [f"l{pk}" for pk in line_ids], calendar)
    actual = produced_units_per_day(line_ids, first, last)
    by_id = {line.pk: line for line in lines}
    rows = [UtilizationRow(by_id[int(load.resource[1:])], load.day, load.planned, load.capacity,
                           actual.get((int(load.resource[1:]), load.day), 0)) for load in loads]
    rows.sort(key=lambda r: (r.line.code, r.day))
    return rows


def late_orders(facility: Facility | None = None) -> dict[int, dt.timedelta]:
    """Open orders whose last stage is planned to end after the end of their due date (facility's zone)."""
    orders = PlanningOrder.objects.filter(state__in=ACTIVE_STATES)
    if facility is not None:
        orders = orders.filter(facility=facility)
    rows = orders.annotate(finish=Max("operations__planned_end")).filter(finish__isnull=False).values_list(
        "pk", "finish", "due_date", "facility__time_zone")
    due = {}
    bookings_ = []
    for pk, finish, due_date, zone_name in rows:
        due[str(pk)] = local_midnight(due_date + dt.timedelta(days=1), ZoneInfo(zone_name))
        bookings_.append(engine.Booking(0, str(pk), 0, "", finish, finish))
    return {int(order): late for order, late in engine.late_orders(bookings_, due).items()}


@dataclass
class GanttBar:
    id: int
    order: str
    order_id: int
    sequence: int
    stage: str
    start: dt.datetime
    end: dt.datetime
    units: int
    left: float  # % of the window
    width: float
    conflict: bool = False
    late: bool = False
    machine_type: str = ""  # the stage's; empty for a stage that runs on a line
    # What the floor did (the operator flow's records, services/floor.py, and the ledger's OUT, progress.py):
    status: str = "planned"
    actual_start: dt.datetime | None = None
    actual_end: dt.datetime | None = None  # finished_at, or now while it runs or is paused
    actual_left: float = 0.0  # % of the window, like left/width
    actual_width: float = 0.0
    made: int = 0

    @property
    def made_share(self) -> float:
        """Made against planned, 0-100 (more than planned shows full)."""
        return round(min(self.made / self.units, 1) * 100, 1) if self.units else 0.0


@dataclass
class GanttRow:
    key: str
    label: str
    line_id: int
    machine_id: int | None
    machine_type: str
    bars: list[GanttBar] = field(default_factory=list)


def gantt(facility: Facility, start: dt.datetime, end: dt.datetime, now: dt.datetime | None = None,
          ) -> tuple[list[GanttRow], list[engine.Conflict]]:
    """One row per active machine and per line of ``facility`` (lines carry line stages), with the bars of the
    window only, positioned in percent of the window; bars in a conflict are flagged. A started stage carries its
    actual run (start to finish, or to ``now`` while unfinished) and the units made, read in two queries whatever
    the number of stages."""
    now = now or timezone.now()
    lines = list(ProductionLine.objects.filter(facility=facility, active=True))
    machines = list(Machine.objects.filter(line__facility=facility, active=True).select_related("line"))
    rows: dict[str, GanttRow] = {}
    for line in lines:
        rows[f"l{line.pk}"] = GanttRow(f"l{line.pk}", f"{line.code} – {line.localized_name}", line.pk, None, "")
        for machine in (m for m in machines if m.line_id == line.pk):
            rows[f"m{machine.pk}"] = GanttRow(f"m{machine.pk}", f"{machine.code} – {machine.localized_name}",
                                              line.pk, machine.pk, machine.machine_type)
    span = (end - start).total_seconds()
    # One read: every stage of the orders running in the window (their stages outside it count for sequence
    # conflicts), bars drawn for those inside it.
    orders = operations_between(facility, start, end).values("order_id")
    values = list(Operation.objects.filter(order_id__in=orders).values_list(
        "pk", "order__number", "order_id", "sequence", "stage", "planned_start", "planned_end", "units", "line_id",
        "machine_id", "machine_type", "status", "started_at", "finished_at").order_by("planned_start", "pk"))
    found = engine.conflicts([engine.Booking(pk, str(order_id), seq, resource_key(line_id, machine_id), s_, e_)
                              for pk, _n, order_id, seq, _st, s_, e_, _u, line_id, machine_id, *_rest in values])
    flagged = {c.first for c in found} | {c.second for c in found}
    late = late_orders(facility)
    shown = [v for v in values if v[6] > start and v[5] < end]
    made = made_by_stage((v[1], v[8]) for v in shown if v[12] is not None)
    for pk, number, order_id, seq, stage, op_start, op_end, units, line_id, machine_id, kind, status, began, \
            finished in shown:
        row = rows.get(resource_key(line_id, machine_id))
        if row is None:  # on a deactivated line or machine: still shown, on a row of its own
            key = resource_key(line_id, machine_id)
            row = rows[key] = GanttRow(key, key, line_id, machine_id, "")
        left = max((op_start - start).total_seconds(), 0) / span * 100
        right = min((op_end - start).total_seconds(), span) / span * 100
        bar = GanttBar(pk, number, order_id, seq, stage, op_start, op_end, units, round(left, 3),
                       round(max(right - left, 0.05), 3), pk in flagged, order_id in late, kind, status)
        if began is not None:
            bar.actual_start, bar.actual_end = began, max(finished or now, began)
            bar.made = made.get((number, line_id), 0)
            a_left = min(max((began - start).total_seconds(), 0), span) / span * 100
            a_right = min(max((bar.actual_end - start).total_seconds(), 0), span) / span * 100
            bar.actual_left, bar.actual_width = round(a_left, 3), round(max(a_right - a_left, 0.3), 3)
        row.bars.append(bar)
    return list(rows.values()), found


def window_days(first: dt.date, last: dt.date) -> list[dt.date]:
    return days_between(first, last)


def planned_by_line_today(facility: Facility, today: dt.date) -> list[UtilizationRow]:
    return utilization(facility, today, today)


def per_day(rows: list[UtilizationRow]) -> dict[int, list[UtilizationRow]]:
    grouped: dict[int, list[UtilizationRow]] = defaultdict(list)
    for row in rows:
        grouped[row.line.pk].append(row)
    return grouped
