"""The OEE engine's inputs read from the portal: shift windows with ideal rates, downtime stops, output, rejects.

* Windows: every active shift of each line's facility, per plant-local date, as UTC instants (overnight shifts
  end the next day; DST days have their real length). Ideal rate = the line's ``ProductionCapacity`` for the
  shift (units per shift) / the shift's hours.
* Stops: downtime events; planned when the category (or its main category) is flagged ``planned``.
* Produced: production OUT movements (corrections of OUTs subtract). Rejects: the quality module's internal
  rejects once it records them (none before).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence

from django.db.models import Q

from portal.models import ProductionCapacity, ProductionLine, Shift

from . import engine


def windows(lines: Sequence[ProductionLine], first: dt.date, last: dt.date) -> list[engine.Window]:
    """Shift windows of ``lines`` for the plant-local dates ``first``..``last`` (a shift belongs to its start date)."""
    facility_ids = {line.facility_id for line in lines}
    shifts: dict[int, list[Shift]] = {}
    for shift in Shift.objects.filter(facility_id__in=facility_ids, active=True).order_by("start_time"):
        shifts.setdefault(shift.facility_id, []).append(shift)
    capacity = {(c.line_id, c.shift_id): c.units_per_shift
                for c in ProductionCapacity.objects.filter(line__in=lines)}
    out = []
    day = first
    while day <= last:
        for line in lines:
            zone = zoneinfo.ZoneInfo(line.facility.time_zone)
            for shift in shifts.get(line.facility_id, []):
                start = dt.datetime.combine(day, shift.start_time, zone)
                end_day = day + dt.timedelta(days=1) if shift.end_time <= shift.start_time else day
                end = dt.datetime.combine(end_day, shift.end_time, zone)
                start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
                hours = (end_utc - start_utc).total_seconds() / 3600
                units = capacity.get((line.pk, shift.pk), 0)
                out.append(engine.Window(line.code, shift.name, start_utc, end_utc, units / hours if hours else 0))
        day += dt.timedelta(days=1)
    return out


def stops(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[engine.Stop]:
    from downtime.models import DowntimeEvent

    codes = {line.pk: line.code for line in lines}
    rows = (DowntimeEvent.objects.filter(line__in=lines, start__lt=end, end__gt=start)
            .values_list("line_id", "start", "end", "category__planned", "category__parent__planned"))
    return [engine.Stop(codes[line_id], s, e, planned=bool(p1 or p2)) for line_id, s, e, p1, p2 in rows]


def produced(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[engine.Count]:
    from production.models import Movement

    codes = {line.pk: line.code for line in lines}
    rows = Movement.objects.filter(line__in=lines, at__gte=start, at__lt=end).filter(
        Q(direction=Movement.Direction.OUT) & ~Q(kind=Movement.Kind.CORRECTION)
        | Q(direction=Movement.Direction.IN, kind=Movement.Kind.CORRECTION, reverses__direction="OUT"),
    ).values_list("line_id", "at", "direction", "quantity")
    return [engine.Count(codes[line_id], moment, quantity if direction == "OUT" else -quantity)
            for line_id, moment, direction, quantity in rows]


def rejected(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[engine.Count]:
    """Rejected units from the quality module when it records internal rejects (an empty list until then)."""
    try:
        from quality.services import rejected_units  # type: ignore[attr-defined]
    except ImportError:
        return []
    codes = {line.pk: line.code for line in lines}
    return [engine.Count(codes[line_id], moment, units) for line_id, moment, units in
            rejected_units([line.pk for line in lines], start, end)]


def oee(lines: Iterable[ProductionLine], first: dt.date, last: dt.date, micro_stop_minutes: float = 2.0
        ) -> list[engine.Result]:
    """Per line and shift window over the plant-local dates ``first``..``last``."""
    lines = list(lines)
    if not lines:
        return []
    shift_windows = windows(lines, first, last)
    if not shift_windows:
        return []
    start = min(w.start for w in shift_windows)
    end = max(w.end for w in shift_windows)
    return engine.compute(shift_windows, stops(lines, start, end), produced(lines, start, end),
                          rejected(lines, start, end), micro_stop_minutes=micro_stop_minutes)
