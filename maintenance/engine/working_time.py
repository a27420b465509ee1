"""Working time of a plant: the hours inside its shifts, on working days only (pure Python, no Django).

SLA clocks of maintenance tickets count this instead of wall-clock time: a ticket opened on Friday evening after
the last shift does not burn its resolution time over the weekend. An overnight shift (22:00-06:00) belongs to the
day it starts on, so a Friday night shift that ends on Saturday morning counts in full when Friday is a working day.
A plant with no shifts works around the clock (wall clock), so a missing configuration never stops the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

UTC = dt.UTC
MAX_DAYS = 800  # looking further ahead than this for working time means the calendar is empty: wall clock then


@dataclass(frozen=True)
class WorkingCalendar:
    """``shifts``: (start, end) local times, end <= start for an overnight shift. ``weekdays``: ISO (1 = Monday)."""

    tz: dt.tzinfo
    shifts: tuple[tuple[dt.time, dt.time], ...]
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def round_the_clock(self) -> bool:
        return not self.shifts or not self.weekdays

    def works_on(self, day: dt.date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def windows(self, first: dt.date, last: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """The shift runs (UTC start, UTC end) of working days ``first`` .. ``last``, in order of start."""
        day = first
        while day <= last:
            if self.works_on(day):
                runs = []
                for start, end in self.shifts:
                    overnight = end <= start
                    # combine() with a ZoneInfo gives each end its own offset (DST nights are 7 or 9 hours long)
                    s = dt.datetime.combine(day, start, tzinfo=self.tz).astimezone(UTC)
                    e = dt.datetime.combine(day + dt.timedelta(days=overnight), end, tzinfo=self.tz).astimezone(UTC)
                    runs.append((s, e))
                yield from sorted(runs)
            day += dt.timedelta(days=1)


def _local_day(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    return moment.astimezone(tz).date()


def working_time(calendar: WorkingCalendar, since: dt.datetime, until: dt.datetime) -> dt.timedelta:
    """Working time between two aware moments (zero when ``until`` is not after ``since``); never more than wall
    time, as the workflow's escalation clock requires."""
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    if until <= since:
        return dt.timedelta(0)
    if calendar.round_the_clock:
        return until - since
    total = dt.timedelta(0)
    # the run of the day before may be an overnight shift reaching into ``since``'s day
    first = _local_day(since, calendar.tz) - dt.timedelta(days=1)
    # merged, so two configured shifts that overlap never count the same hour twice
    for start, end in merge(calendar.windows(first, _local_day(until, calendar.tz))):
        overlap = min(end, until) - max(start, since)
        if overlap > dt.timedelta(0):
            total += overlap
    return total


def add_working_time(calendar: WorkingCalendar, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    """The moment at which ``amount`` of working time has passed since ``start`` (an SLA's due moment)."""
    start = start.astimezone(UTC)
    if calendar.round_the_clock or amount <= dt.timedelta(0):
        return start + max(amount, dt.timedelta(0))
    left = amount
    cursor = start
    day = _local_day(start, calendar.tz) - dt.timedelta(days=1)
    horizon = day + dt.timedelta(days=MAX_DAYS)
    while day <= horizon:
        for run_start, run_end in calendar.windows(day, day):
            begin = max(run_start, cursor)
            if run_end <= begin:
                continue
            available = run_end - begin
            if available >= left:
                return begin + left
            left -= available
            cursor = run_end
        day += dt.timedelta(days=1)
    return start + amount  # no working day within the horizon (e.g. every day a holiday): wall clock


def merge(windows: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Overlapping or touching intervals merged (sorted input not required)."""
    merged: list[list[dt.datetime]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
