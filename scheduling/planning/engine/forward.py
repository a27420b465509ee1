"""Forward scheduling on the plant's working calendar, in plain Python: each stage starts when its predecessor has
ended and its resource is free, inside working shifts only (a stage that does not fit in a shift continues in the
next working shift; a weekend or a holiday is skipped), on the resource where it finishes first."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from portal.calendar.arithmetic import (
    WorkingCalendar,
    add_working_time,
    merge,
    next_working_moment,
    working_seconds_per_day,
)


@dataclass
class Timeline:
    """The booked intervals of one resource, merged and sorted (starts and ends both ascending)."""

    starts: list[dt.datetime] = field(default_factory=list)
    ends: list[dt.datetime] = field(default_factory=list)

    @classmethod
    def of(cls, intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> Timeline:
        merged = merge(intervals)  # stages moved by hand may overlap: one busy interval then
        return cls([s for s, _e in merged], [e for _s, e in merged])

    def book(self, start: dt.datetime, end: dt.datetime) -> None:
        """Add an interval that fits in a gap (as ``fit`` finds it)."""
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def first_clash(self, start: dt.datetime, end: dt.datetime) -> int | None:
        """Index of the first booked interval overlapping ``[start, end)`` (touching ends do not clash)."""
        index = bisect.bisect_right(self.ends, start)
        if index < len(self.starts) and self.starts[index] < end:
            return index
        return None


def fit(calendar: WorkingCalendar, timeline: Timeline, earliest: dt.datetime, length: dt.timedelta
        ) -> tuple[dt.datetime, dt.datetime]:
    """The first (start, end) at or after ``earliest`` where ``length`` of working time runs without clashing with
    the resource's bookings; the start is always inside a working shift."""
    start = next_working_moment(calendar, earliest)
    while True:
        end = add_working_time(calendar, start, length)
        clash = timeline.first_clash(start, end)
        if clash is None:
            return start, end
        start = next_working_moment(calendar, timeline.ends[clash])


@dataclass(frozen=True)
class Stage:
    """One stage of an order: its working ``length`` and the resources (keys) that may run it."""

    sequence: int
    length: dt.timedelta
    resources: Sequence[str]


@dataclass(frozen=True)
class Placement:
    sequence: int
    resource: str
    start: dt.datetime
    end: dt.datetime


def schedule_stages(calendar: WorkingCalendar, stages: Sequence[Stage], ready: dt.datetime,
                    timelines: Mapping[str, Timeline]) -> list[Placement]:
    """Plan ``stages`` in order from ``ready``: each on the resource where it finishes first (ties: the first
    resource listed), after the previous stage ends. The chosen timelines are booked, so the next order planned
    with the same timelines queues behind this one."""
    placed: list[Placement] = []
    for stage in stages:
        best: Placement | None = None
        for resource in stage.resources:
            start, end = fit(calendar, timelines[resource], ready, stage.length)
            if best is None or end < best.end:
                best = Placement(stage.sequence, resource, start, end)
        if best is None:
            raise ValueError(f"stage {stage.sequence} has no resource")
        timelines[best.resource].book(best.start, best.end)
        placed.append(best)
        ready = best.end
    return placed


def planned_units_per_production_day(calendar: WorkingCalendar, start: dt.datetime, end: dt.datetime,
                                     units: float) -> dict[dt.date, float]:
    """A stage's units spread evenly over its working time, per production day (a stage across a weekend loads
    Friday and Monday, not Saturday and Sunday)."""
    seconds = working_seconds_per_day(calendar, start, end)
    total = sum(seconds.values())
    if not total:  # planned entirely outside the shifts (moved there by hand): its start day carries it
        return {start.astimezone(calendar.tz).date(): units}
    return {day: units * s / total for day, s in seconds.items()}
