"""The OEE engine's inputs read from the portal: shift windows with ideal rates, downtime stops, output, rejects.

* Windows: every active shift of each line's facility, per plant-local date, as UTC instants (overnight shifts
  end the next day; DST days have their real length). Ideal rate = the line's ``ProductionCapacity`` for the
  shift (units per shift) / the shift's hours.
* Stops: downtime events; planned when the category (or its main category) is flagged ``planned``.
* Produced: production OUT movements (corrections of OUTs subtract). Rejects: the quality module's internal
  rejects (``quality.services.rejected_units``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, FloatField, Func, Q

from portal.models import ProductionCapacity, ProductionLine, Shift
from quality.services import rejected_units

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


class Epoch(Func):
    """A timestamp as POSIX seconds (a float) computed by the database.

    The engine works in seconds; reading a year of timestamps as datetimes costs more than the engine itself
    (Django's per-value converters on SQLite, its Python-level timestamptz loader on PostgreSQL), a float column
    does not.
    """

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::double precision",
                           **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # julianday() is a double of days: rounded to whole milliseconds (integer cast, cheaper than round()) it
        # gives the stored seconds back exactly
        return self.as_sql(compiler, connection, template=(
            "(CAST((julianday(%(expressions)s) - 2440587.5) * 86400000.0 + 0.5 AS INTEGER) / 1000.0)"), **extra)

    def as_microsoft(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="(CAST(DATEDIFF_BIG(millisecond, '19700101', %(expressions)s) AS FLOAT) / 1000.0)",
                           **extra)


def _rows(queryset) -> list[tuple]:
    """The queryset's rows straight from the database cursor.

    A year of stops and movements is ~200,000 rows: Django's per-row iteration and per-value converters (``float()``
    on every epoch) cost as much as the engine; the compiled SQL is the same, so this changes only who unpacks it.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stops(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """One query: (line code, start, end in POSIX seconds, planned) per stop, in (line, start) order."""
    from downtime.models import DowntimeEvent

    planned = ExpressionWrapper(Q(category__planned=True) | Q(category__parent__planned=True),
                                output_field=BooleanField())
    return _rows(DowntimeEvent.objects.filter(line__in=[line.pk for line in lines], start__lt=end, end__gt=start)
                 .order_by("line_id", "start")
                 .values_list("line__code", Epoch("start"), Epoch("end"), planned))


def produced(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(line code, POSIX seconds, units) of OUT movements, minus the corrections that reverse an OUT."""
    from production.models import Movement

    period = Movement.objects.filter(line__in=[line.pk for line in lines], at__gte=start, at__lt=end)
    outs = period.filter(direction=Movement.Direction.OUT).exclude(kind=Movement.Kind.CORRECTION)
    counts = _rows(outs.order_by("line_id", "at").values_list("line__code", Epoch("at"), "quantity"))
    undone = period.filter(direction=Movement.Direction.IN, kind=Movement.Kind.CORRECTION, reverses__direction="OUT")
    counts.extend((line, moment, -quantity) for line, moment, quantity in
                  _rows(undone.order_by().values_list("line__code", Epoch("at"), "quantity")))
    return counts


def rejected(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[engine.Count]:
    """Rejected units recorded by the quality module (its internal rejects that count: submitted or approved)."""
    codes = {line.pk: line.code for line in lines}
    return [engine.Count(codes[line_id], moment, units) for line_id, moment, units in
            rejected_units(list(codes), start, end)]


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
