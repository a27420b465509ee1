"""A plant's working time in plain Python (no Django): the hours inside its shifts, on working days, holidays off.

One calendar per facility (portal/calendar/store.py builds it from the database: the facility's active shifts,
its working weekdays and its holidays). Every module counts time with it and never with a copy: maintenance's SLA
clocks (a ticket opened on Friday evening does not burn its resolution time over the weekend), planning (a stage
that does not fit in a shift continues in the next working shift; a holiday has no capacity) and OEE's planned
production time (shift windows on working days only).

An overnight shift (22:00-06:00) belongs to the day it starts on (its production day), so a Friday night shift that
ends on Saturday morning counts in full when Friday is a working day. A plant with no shifts works around the clock
(wall clock), so a missing configuration never stops a clock nor leaves a plan with nowhere to go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

UTC = dt.UTC
MAX_DAYS = 800  # looking further ahead than this for working time means the calendar is empty: wall clock then
DAY = dt.timedelta(days=1)
DEFAULT_WEEKDAYS = frozenset({1, 2, 3, 4, 5})


@dataclass(frozen=True)
class WorkingCalendar:
    """``shifts``: (start, end) local times, end <= start for an overnight shift. ``weekdays``: ISO (1 = Monday)."""

    tz: dt.tzinfo
    shifts: tuple[tuple[dt.time, dt.time], ...]
    weekdays: frozenset[int] = DEFAULT_WEEKDAYS
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def round_the_clock(self) -> bool:
        return not self.shifts or not self.weekdays

    def works_on(self, day: dt.date) -> bool:
        """Whether the shifts starting on ``day`` run (a working weekday that is not a holiday)."""
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def runs(self, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The shift runs (UTC start, UTC end) starting on ``day``, in order of start; none on a day off."""
        return _runs(self, day) if self.works_on(day) else ()

    def windows(self, first: dt.date, last: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """The shift runs (UTC start, UTC end) of working days ``first`` .. ``last``, in order of start."""
        day = first
        while day <= last:
            yield from self.runs(day)
            day += DAY


@lru_cache(maxsize=65536)
def _runs(calendar: WorkingCalendar, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    # cached: scheduling thousands of stages asks for the same days again and again
    runs = []
    for start, end in calendar.shifts:
        overnight = end <= start
        # combine() with a ZoneInfo gives each end its own offset (DST nights are 7 or 9 hours long)
        s = dt.datetime.combine(day, start, tzinfo=calendar.tz).astimezone(UTC)
        e = dt.datetime.combine(day + DAY * overnight, end, tzinfo=calendar.tz).astimezone(UTC)
        runs.append((s, e))
    return tuple(merge(runs))  # two configured shifts that overlap never count the same hour twice


def local_day(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
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
    first = local_day(since, calendar.tz) - DAY
    for start, end in merge(calendar.windows(first, local_day(until, calendar.tz))):
        overlap = min(end, until) - max(start, since)
        if overlap > dt.timedelta(0):
            total += overlap
    return total


def add_working_time(calendar: WorkingCalendar, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    """The moment at which ``amount`` of working time has passed since ``start`` (an SLA's due moment, a stage's
    end). Zero working time from a moment outside the shifts is that moment itself."""
    start = start.astimezone(UTC)
    if calendar.round_the_clock or amount <= dt.timedelta(0):
        return start + max(amount, dt.timedelta(0))
    left = amount
    cursor = start
    day = local_day(start, calendar.tz) - DAY
    horizon = day + dt.timedelta(days=MAX_DAYS)
    while day <= horizon:
        for run_start, run_end in calendar.runs(day):
            begin = max(run_start, cursor)
            if run_end <= begin:
                continue
            available = run_end - begin
            if available >= left:
                return begin + left
            left -= available
            cursor = run_end
        day += DAY
    return start + amount  # no working day within the horizon (e.g. every day a holiday): wall clock


def next_working_moment(calendar: WorkingCalendar, moment: dt.datetime) -> dt.datetime:
    """``moment`` when a shift is running then, else the start of the next working shift (a stage planned for
    Saturday starts on Monday's first shift)."""
    moment = moment.astimezone(UTC)
    if calendar.round_the_clock:
        return moment
    day = local_day(moment, calendar.tz) - DAY
    horizon = day + dt.timedelta(days=MAX_DAYS)
    while day <= horizon:
        for run_start, run_end in calendar.runs(day):
            if run_end > moment:
                return max(run_start, moment)
        day += DAY
    return moment


def working_seconds_per_day(calendar: WorkingCalendar, start: dt.datetime, end: dt.datetime
                            ) -> dict[dt.date, float]:
    """Working seconds of ``[start, end)`` per production day (the local day a shift starts on). Around the clock,
    per local calendar day."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    out: dict[dt.date, float] = {}
    if end <= start:
        return out
    if calendar.round_the_clock:
        cursor = start
        while cursor < end:
            day = local_day(cursor, calendar.tz)
            midnight = dt.datetime.combine(day + DAY, dt.time(), tzinfo=calendar.tz).astimezone(UTC)
            stop = min(midnight, end)
            out[day] = out.get(day, 0.0) + (stop - cursor).total_seconds()
            cursor = stop
        return out
    day = local_day(start, calendar.tz) - DAY
    last = local_day(end, calendar.tz)
    while day <= last:
        for run_start, run_end in calendar.runs(day):
            seconds = (min(run_end, end) - max(run_start, start)).total_seconds()
            if seconds > 0:
                out[day] = out.get(day, 0.0) + seconds
        day += DAY
    return out


def merge(windows: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Overlapping or touching intervals merged (sorted input not required)."""
    merged: list[list[dt.datetime]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
