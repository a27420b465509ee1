"""The planning engine in plain Python (no Django): conflicts, utilization against capacity, late orders and the
Gantt rows of a window. Times are aware datetimes; days are counted in the plant's zone."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from portal.calendar.arithmetic import ProductionRuns, WorkingCalendar, working_seconds_per_day

from .forward import planned_units_per_production_day


@dataclass(frozen=True)
class Booking:
    """One stage of one order planned on a resource (a line or a machine) from start to end for ``units``."""

    id: int
    order: str
    sequence: int
    resource: str
    start: dt.datetime
    end: dt.datetime
    units: float = 0.0


@dataclass(frozen=True)
class Conflict:
    kind: str  # "overlap": two bookings on one resource at once; "sequence": a stage starts before its predecessor ends
    first: int
    second: int


@dataclass(frozen=True)
class DayLoad:
    resource: str
    day: dt.date
    planned: float
    capacity: float

    @property
    def utilization(self) -> float | None:
        return self.planned / self.capacity if self.capacity else None

    @property
    def over_capacity(self) -> bool:
        return self.planned > self.capacity


def overlaps(bookings: Iterable[Booking]) -> list[Conflict]:
    """Pairs of bookings on the same resource whose intervals intersect (touching ends do not clash)."""
    by_resource: dict[str, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_resource[booking.resource].append(booking)
    found: list[Conflict] = []
    for rows in by_resource.values():
        rows.sort(key=lambda b: (b.start, b.id))
        active: list[tuple[dt.datetime, int]] = []  # heap of (end, id) still running at the current start
        for booking in rows:
            while active and active[0][0] <= booking.start:
                heapq.heappop(active)
            found.extend(Conflict("overlap", other, booking.id) for _end, other in sorted(active, key=lambda a: a[1]))
            heapq.heappush(active, (booking.end, booking.id))
    return found


def sequence_breaks(bookings: Iterable[Booking]) -> list[Conflict]:
    """Stages of an order that start before every earlier stage of the same order has ended."""
    by_order: dict[str, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_order[booking.order].append(booking)
    found: list[Conflict] = []
    for rows in by_order.values():
        rows.sort(key=lambda b: (b.sequence, b.start))
        latest: Booking | None = None  # the earlier stage that ends last
        for booking in rows:
            if latest is not None and latest.sequence < booking.sequence and booking.start < latest.end:
                found.append(Conflict("sequence", latest.id, booking.id))
            if latest is None or booking.end > latest.end:
                latest = booking
    return found


def conflicts(bookings: Iterable[Booking]) -> list[Conflict]:
    rows = list(bookings)
    return overlaps(rows) + sequence_breaks(rows)


def _day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


def planned_units_per_day(bookings: Iterable[Booking], zone: ZoneInfo, first: dt.date, last: dt.date,
                          calendar: WorkingCalendar | None = None) -> dict[tuple[str, dt.date], float]:
    """Units per resource and plant-local day, each booking's units spread evenly over its running time: its
    working time on ``calendar`` (per production day) when given, else its wall-clock time."""
    if calendar is not None and not calendar.round_the_clock:
        load: dict[tuple[str, dt.date], float] = defaultdict(float)
        runs = ProductionRuns.of(calendar, first - dt.timedelta(days=1), last)
        for booking in bookings:
            seconds = runs.seconds_per_day(booking.start, booking.end)
            total = sum(seconds.values())
            if not total:  # no working time inside the window (moved by hand outside the shifts): the exact rule
                exact = planned_units_per_production_day(calendar, booking.start, booking.end, booking.units)
                for day, units in exact.items():
                    if first <= day <= last:
                        load[(booking.resource, day)] += units
                continue
            if runs.starts and (booking.start.timestamp() * 1e6 < runs.starts[0]
                                or booking.end.timestamp() * 1e6 > runs.ends[-1]):
                # reaches outside the window: its share inside counts against its whole working time
                total = sum(working_seconds_per_day(calendar, booking.start, booking.end).values()) or total
            for day, s in seconds.items():
                if first <= day <= last:
                    load[(booking.resource, day)] += booking.units * s / total
        return load
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 2)]
    # Local midnights as epoch seconds, computed once: a day is 23 or 25 hours long across a DST change.
    edges = [_day_start(day, zone).timestamp() for day in days]
    load = defaultdict(float)
    for booking in bookings:
        begin, finish = booking.start.timestamp(), booking.end.timestamp()
        if finish <= begin or finish <= edges[0] or begin >= edges[-1]:
            continue
        rate = booking.units / (finish - begin)
        index = max(bisect.bisect_right(edges, begin) - 1, 0)
        while index < len(edges) - 1 and edges[index] < finish:
            seconds = min(edges[index + 1], finish) - max(edges[index], begin)
            if seconds > 0:
                load[(booking.resource, days[index])] += rate * seconds
            index += 1
    return load


def utilization(bookings: Iterable[Booking], capacity: Mapping[tuple[str, dt.date], float], zone: ZoneInfo,
                first: dt.date, last: dt.date, resources: Iterable[str],
                calendar: WorkingCalendar | None = None) -> list[DayLoad]:
    """Planned units against capacity per resource and day (every day of the window, also empty ones)."""
    load = planned_units_per_day(bookings, zone, first, last, calendar)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [DayLoad(resource, day, round(load.get((resource, day), 0.0), 6), capacity.get((resource, day), 0.0))
            for resource in sorted(resources) for day in days]


def late_orders(bookings: Iterable[Booking], due: Mapping[str, dt.datetime]) -> dict[str, dt.timedelta]:
    """Orders whose last planned stage ends after their due time, with how late."""
    finish: dict[str, dt.datetime] = {}
    for booking in bookings:
        if booking.order not in finish or booking.end > finish[booking.order]:
            finish[booking.order] = booking.end
    return {order: end - due[order] for order, end in finish.items() if order in due and end > due[order]}


def gantt_rows(bookings: Iterable[Booking], start: dt.datetime, end: dt.datetime) -> dict[str, list[Booking]]:
    """Bookings overlapping [start, end) grouped by resource, each row in time order."""
    rows: dict[str, list[Booking]] = defaultdict(list)
    for booking in bookings:
        if booking.end > start and booking.start < end:
            rows[booking.resource].append(booking)
    for row in rows.values():
        row.sort(key=lambda b: (b.start, b.id))
    return dict(rows)
