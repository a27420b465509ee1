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

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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
    # computed shift runs per day and the index of working time (filled on first use; not part of the value)
    _memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def round_the_clock(self) -> bool:
        return not self.shifts or not self.weekdays

    def works_on(self, day: dt.date) -> bool:
        """Whether the shifts starting on ``day`` run (a working weekday that is not a holiday)."""
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def runs(self, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The shift runs (UTC start, UTC end) starting on ``day``, in order of start; none on a day off."""
        found = self._memo.get(day)
        if found is None:
            found = self._memo[day] = _runs(self, day) if self.works_on(day) else ()
        return found

    def windows(self, first: dt.date, last: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """The shift runs (UTC start, UTC end) of working days ``first`` .. ``last``, in order of start."""
        day = first
        while day <= last:
            yield from self.runs(day)
            day += DAY


def _runs(calendar: WorkingCalendar, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    runs = []
    for start, end in calendar.shifts:
        overnight = end <= start
        # combine() with a ZoneInfo gives each end its own offset (DST nights are 7 or 9 hours long)
        s = dt.datetime.combine(day, start, tzinfo=calendar.tz).astimezone(UTC)
        e = dt.datetime.combine(day + DAY * overnight, end, tzinfo=calendar.tz).astimezone(UTC)
        runs.append((s, e))
    return tuple(merge(runs))  # two configured shifts that overlap never count the same hour twice


EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def _us(moment: dt.datetime) -> int:
    delta = moment - EPOCH  # whole microseconds: exact, unlike float timestamps
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _moment(us: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=us)


class _Index:
    """The working windows of days ``first``..``last`` merged, in microseconds, with the working time before each:
    working time between two moments is a subtraction, a due moment or the next shift a binary search (scheduling
    10,000 stages asks these tens of thousands of times)."""

    def __init__(self, calendar: WorkingCalendar, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        # a day's runs start on that day or later; the day before may reach in (overnight): a day of margin
        self.lo = _us(dt.datetime.combine(first + DAY, dt.time(), tzinfo=calendar.tz))
        self.hi = _us(dt.datetime.combine(last, dt.time(), tzinfo=calendar.tz))
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before: list[int] = []  # working time before each window (from the index's first window)
        self.after: list[int] = []  # ... and at its end
        total = 0
        for start, end in merge(calendar.windows(first, last)):
            s, e = _us(start), _us(end)
            self.starts.append(s)
            self.ends.append(e)
            self.before.append(total)
            total += e - s
            self.after.append(total)

    def covers(self, since: int, until: int) -> bool:
        return self.lo <= since and until <= self.hi

    def worked_until(self, moment: int) -> int:
        """Working time from the index's start to ``moment``."""
        i = bisect.bisect_right(self.starts, moment) - 1
        if i < 0:
            return 0
        return self.before[i] + min(moment, self.ends[i]) - self.starts[i]


def _index(calendar: WorkingCalendar, a: int, b: int) -> _Index | None:
    """An index covering moments ``a``..``b`` (microseconds; grown as needed: first a quarter around them, then
    doubled); None past MAX_DAYS."""
    index: _Index | None = calendar._memo.get("index")
    if index is not None and index.covers(a, b):
        return index
    since, until = _moment(a), _moment(b)
    first = local_day(since, calendar.tz) - dt.timedelta(days=7)
    last = local_day(until, calendar.tz) + dt.timedelta(days=92)
    if index is not None:  # grow it to cover the old range too, twice as wide, so growing stays rare
        span = (index.last - index.first).days
        first = min(first, index.first - dt.timedelta(days=span if first < index.first else 0))
        last = max(last, index.last + dt.timedelta(days=span if last > index.last else 0))
    if (last - first).days > 4 * MAX_DAYS:
        return None
    index = calendar._memo["index"] = _Index(calendar, first, last)
    return index


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
    a, b = _us(since), _us(until)
    index = _index(calendar, a, b)
    if index is None:  # centuries apart: day by day
        total = dt.timedelta(0)
        for start, end in merge(calendar.windows(local_day(since, calendar.tz) - DAY,
                                                 local_day(until, calendar.tz))):
            overlap = min(end, until) - max(start, since)
            if overlap > dt.timedelta(0):
                total += overlap
        return total
    return dt.timedelta(microseconds=index.worked_until(b) - index.worked_until(a))


HORIZON_US = MAX_DAYS * 86400 * 1_000_000


def add_working_us(calendar: WorkingCalendar, start: int, amount: int) -> int:
    """``add_working_time`` in microseconds since the epoch (the scheduling engine's inner loop)."""
    if calendar.round_the_clock or amount <= 0:
        return start + max(amount, 0)
    horizon = start + HORIZON_US
    until = start + amount
    while True:
        index = _index(calendar, start, min(until, horizon))
        if index is None:
            break
        target = index.worked_until(start) + amount
        j = bisect.bisect_left(index.after, target)
        if j < len(index.after):
            return index.starts[j] + target - index.before[j]
        if until >= horizon:
            break
        until = min(horizon, until + (until - start) + 31 * 86400 * 1_000_000)  # not enough working time yet
    return start + amount  # no working day within the horizon (e.g. every day a holiday): wall clock


def next_working_us(calendar: WorkingCalendar, at: int) -> int:
    """``next_working_moment`` in microseconds since the epoch."""
    if calendar.round_the_clock:
        return at
    horizon = at + HORIZON_US
    until = at + 14 * 86400 * 1_000_000
    while True:
        index = _index(calendar, at, until)
        if index is None:
            return at
        i = bisect.bisect_right(index.ends, at)
        if i < len(index.ends):
            return max(index.starts[i], at)
        if until >= horizon:
            return at
        until = min(horizon, until + 92 * 86400 * 1_000_000)


def add_working_time(calendar: WorkingCalendar, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    """The moment at which ``amount`` of working time has passed since ``start`` (an SLA's due moment, a stage's
    end). Zero working time from a moment outside the shifts is that moment itself."""
    start = start.astimezone(UTC)
    if calendar.round_the_clock or amount <= dt.timedelta(0):
        return start + max(amount, dt.timedelta(0))
    return _moment(add_working_us(calendar, _us(start), _us(EPOCH + amount)))


def next_working_moment(calendar: WorkingCalendar, moment: dt.datetime) -> dt.datetime:
    """``moment`` when a shift is running then, else the start of the next working shift (a stage planned for
    Saturday starts on Monday's first shift)."""
    moment = moment.astimezone(UTC)
    if calendar.round_the_clock:
        return moment
    return _moment(next_working_us(calendar, _us(moment)))


def to_us(moment: dt.datetime) -> int:
    """An aware moment in whole microseconds since the epoch (exact)."""
    return _us(moment.astimezone(UTC))


def from_us(us: int) -> dt.datetime:
    """The UTC moment of ``us`` microseconds since the epoch."""
    return _moment(us)


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
    a, b = _us(start), _us(end)
    day = local_day(start, calendar.tz) - DAY
    last = local_day(end, calendar.tz)
    memo = calendar._memo
    while day <= last:
        runs = memo.get((day, "us"))
        if runs is None:  # the day's runs in microseconds (utilization spreads thousands of stages)
            runs = memo[(day, "us")] = tuple((_us(s), _us(e)) for s, e in calendar.runs(day))
        for run_start, run_end in runs:
            overlap = min(run_end, b) - max(run_start, a)
            if overlap > 0:
                out[day] = out.get(day, 0.0) + overlap / 1_000_000
        day += DAY
    return out


@dataclass(frozen=True)
class ProductionRuns:
    """The shift runs of days ``first``..``last`` in microseconds with the production day each belongs to: spreads
    thousands of stages over their working time per day without a zone conversion each (utilization)."""

    starts: list[int]
    ends: list[int]
    days: list[dt.date]
    per_day: int  # runs a day has at most (how far back a moment's run may start)

    @classmethod
    def of(cls, calendar: WorkingCalendar, first: dt.date, last: dt.date) -> ProductionRuns:
        rows = []
        day = first
        while day <= last:
            rows.extend((_us(s), _us(e), day) for s, e in calendar.runs(day))
            day += DAY
        rows.sort(key=lambda r: r[0])
        return cls([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], max(len(calendar.shifts), 1))

    def seconds_per_day(self, start: dt.datetime, end: dt.datetime) -> dict[dt.date, float]:
        """Working seconds of ``[start, end)`` per production day (runs outside ``first``..``last`` not seen)."""
        a, b = to_us(start), to_us(end)
        out: dict[dt.date, float] = {}
        i = max(bisect.bisect_right(self.starts, a) - self.per_day - 1, 0)
        starts, ends, days = self.starts, self.ends, self.days
        while i < len(starts) and starts[i] < b:
            overlap = min(ends[i], b) - max(starts[i], a)
            if overlap > 0:
                out[days[i]] = out.get(days[i], 0.0) + overlap / 1_000_000
            i += 1
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
