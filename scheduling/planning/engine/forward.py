"""Forward scheduling on the plant's working calendar, in plain Python: each stage starts when its predecessor has
ended and its resource is free, inside working shifts only (a stage that does not fit in a shift continues in the
next working shift; a weekend or a holiday is skipped), on the resource where it finishes first."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from portal.calendar.arithmetic import (
    EPOCH,
    WorkingCalendar,
    add_working_us,
    from_us,
    merge,
    next_working_us,
    to_us,
    working_seconds_per_day,
)


@dataclass
class Timeline:
    """The booked intervals of one resource on ``calendar``, sorted (starts and ends both ascending, microseconds
    since the epoch). Intervals with no working time between them are one block (a stage ending at 23:00 and the
    next starting at 06:00 the next working day), so a resource booked solid for weeks is one hop for ``fit``, not
    one per stage."""

    calendar: WorkingCalendar
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, calendar: WorkingCalendar, intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> Timeline:
        timeline = cls(calendar)
        for start, end in merge(intervals):  # stages moved by hand may overlap: one busy interval then
            timeline.book(to_us(start), to_us(end))
        return timeline

    def _touch(self, end: int, start: int) -> bool:
        return end >= start or next_working_us(self.calendar, end) >= start

    def book(self, start: int, end: int) -> None:
        """Add an interval that fits in a gap (as ``fit`` finds it), joined to its neighbours when no working
        time separates them."""
        index = bisect.bisect_left(self.starts, start)
        if index > 0 and self._touch(self.ends[index - 1], start):
            index -= 1
            start = self.starts[index]
            end = max(end, self.ends[index])
            del self.starts[index], self.ends[index]
        if index < len(self.starts) and self._touch(end, self.starts[index]):
            end = max(end, self.ends[index])
            del self.starts[index], self.ends[index]
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def first_clash(self, start: int, end: int) -> int | None:
        """Index of the first booked interval overlapping ``[start, end)`` (touching ends do not clash)."""
        index = bisect.bisect_right(self.ends, start)
        if index < len(self.starts) and self.starts[index] < end:
            return index
        return None


def fit(timeline: Timeline, earliest: int, length: int) -> tuple[int, int]:
    """The first (start, end) at or after ``earliest`` where ``length`` of working time runs without clashing with
    the resource's bookings (microseconds); the start is always inside a working shift."""
    calendar = timeline.calendar
    inside = timeline.first_clash(earliest, earliest + 1)  # already busy then: start after that block
    start = next_working_us(calendar, timeline.ends[inside] if inside is not None else earliest)
    while True:
        end = add_working_us(calendar, start, length)
        clash = timeline.first_clash(start, end)
        if clash is None:
            return start, end
        start = next_working_us(calendar, timeline.ends[clash])


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


def schedule_stages(stages: Sequence[Stage], ready: dt.datetime, timelines: Mapping[str, Timeline]
                    ) -> list[Placement]:
    """Plan ``stages`` in order from ``ready``: each on the resource where it finishes first (ties: the first
    resource listed), after the previous stage ends. The chosen timelines are booked, so the next order planned
    with the same timelines queues behind this one."""
    placed: list[Placement] = []
    at = to_us(ready)
    for stage in stages:
        length = to_us(EPOCH + stage.length)
        best: tuple[int, int, str] | None = None
        for resource in stage.resources:
            start, end = fit(timelines[resource], at, length)
            if best is None or end < best[1]:
                best = (start, end, resource)
        if best is None:
            raise ValueError(f"stage {stage.sequence} has no resource")
        start, end, resource = best
        timelines[resource].book(start, end)
        placed.append(Placement(stage.sequence, resource, from_us(start), from_us(end)))
        at = end
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
