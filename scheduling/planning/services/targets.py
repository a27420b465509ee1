"""Utilization per period (day, week, month) for lines and machine types against their targets: what the planner
reads first (the overloaded periods, worst first, and the peak) and exports to Excel."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from portal.calendar.store import calendar_for
from portal.models import Facility, ProductionLine
from portal.services.fastrows import Epoch, cursor_rows

from ..engine import schedule as engine
from ..engine import targets as rules
from ..models import CapacityTarget
from .analysis import local_midnight, operations_between, utilization


@dataclass
class PeriodLoad:
    kind: str  # "line" or "type" (every machine of a type together)
    code: str
    label: str
    first: dt.date
    last: dt.date
    planned: float
    capacity: float | None  # from the shifts on working days, or the override (lines only)
    target: float | None
    actual: int | None

    @property
    def against(self) -> float | None:
        """What the period is measured against: its target when one is set, else the capacity."""
        return self.target if self.target is not None else self.capacity

    @property
    def percent(self) -> float | None:
        return round(100 * self.planned / self.against, 1) if self.against else None

    @property
    def over(self) -> bool:
        return self.against is not None and self.planned > self.against + 1e-6


def _targets(facility: Facility, last: dt.date) -> dict[tuple[str, str], list[rules.Target]]:
    found: dict[tuple[str, str], list[rules.Target]] = defaultdict(list)
    for line_code, machine_type, period, units, valid_from in CapacityTarget.objects.filter(
            facility=facility, valid_from__lte=last).values_list("line__code", "machine_type", "period", "units",
                                                                "valid_from"):
        key = ("line", line_code) if line_code else ("type", machine_type)
        found[key].append(rules.Target(period, float(units), valid_from))
    return found


def period_loads(facility: Facility, first: dt.date, last: dt.date, period: str = "day",
                 lines: list[ProductionLine] | None = None) -> list[PeriodLoad]:
    """Per line and per machine type, per period of ``first``..``last``: planned units (over working time), the
    capacity (lines), the target in force and the actual output (lines)."""
    calendar = calendar_for(facility)
    days = utilization(facility, first, last, lines)
    targets = _targets(facility, last)
    buckets = rules.buckets(first, last, period)
    out: list[PeriodLoad] = []
    by_line: dict[int, list] = defaultdict(list)
    for row in days:
        by_line[row.line.pk].append(row)
    for rows in by_line.values():
        line = rows[0].line
        per_day = {row.day: row for row in rows}
        for bucket in buckets:
            shown = [per_day[d] for d in per_day if bucket.first <= d <= bucket.last]
            out.append(PeriodLoad(
                "line", line.code, f"{line.code} – {line.localized_name}", bucket.first, bucket.last,
                sum(r.planned for r in shown), sum(r.capacity for r in shown),
                rules.bucket_target(targets.get(("line", line.code), ()), bucket, calendar.works_on),
                sum(r.actual for r in shown)))
    # machine types: the planned units of their stages, whichever machine runs them
    start, end = local_midnight(first, facility.tzinfo), local_midnight(last + dt.timedelta(days=1), facility.tzinfo)
    values = cursor_rows(operations_between(facility, start, end).exclude(machine_type="").values_list(
        "pk", "order_id", "sequence", "machine_type", Epoch("planned_start"), Epoch("planned_end"), "units"))
    moment = dt.datetime.fromtimestamp
    bookings = [engine.Booking(pk, str(order), seq, kind, moment(s, dt.UTC), moment(e, dt.UTC), float(units))
                for pk, order, seq, kind, s, e, units in values]
    load = engine.planned_units_per_day(bookings, facility.tzinfo, first, last, calendar)
    types = sorted({b.resource for b in bookings} | {code for kind, code in targets if kind == "type"})
    for machine_type in types:
        for bucket in buckets:
            planned = sum(load.get((machine_type, bucket.first + dt.timedelta(days=n)), 0.0)
                          for n in range((bucket.last - bucket.first).days + 1))
            out.append(PeriodLoad("type", machine_type, machine_type, bucket.first, bucket.last, planned, None,
                                  rules.bucket_target(targets.get(("type", machine_type), ()), bucket,
                                                      calendar.works_on), None))
    return out


def worst_first(loads: list[PeriodLoad]) -> list[PeriodLoad]:
    """The overloaded periods, the most overloaded first (what the planner acts on)."""
    return sorted((r for r in loads if r.over), key=lambda r: (-(r.percent or 0), r.first, r.code))


def peak(loads: list[PeriodLoad]) -> PeriodLoad | None:
    """The period with the highest load against its capacity or target."""
    measured = [r for r in loads if r.percent is not None]
    return max(measured, key=lambda r: (r.percent, -r.first.toordinal())) if measured else None
