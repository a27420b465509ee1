"""OEE per line and shift window, ISO 22400-2 style, in plain Python (no Django): the report, the andon board and
the API all call ``compute``; tests check it on hand-computed examples.

Definitions (times in minutes, per window = one shift of one line; totals are sums, ratios recomputed):

* planned production time (PPT) = shift time - planned stops (categories flagged "planned": breaks...)
* unplanned downtime = unplanned stops of at least ``micro_stop_minutes``; shorter ones are micro-stops, a
  performance loss. Overlapping stops count once (planned first, then unplanned, then micro-stops); a stop that
  crosses a shift boundary is split at the boundary (each window gets the part inside it).
* run time = PPT - unplanned downtime;                       availability = run time / PPT
* performance = ideal cycle time x produced units / run time (never capped: above 100 % flags a wrong ideal rate)
* quality = good units / produced units, good = produced - rejected;  OEE = availability x performance x quality
* losses: availability loss = unplanned downtime; performance loss = run time - ideal cycle x produced, of which
  micro-stops are their own part and the rest is speed loss; quality loss = rejects x ideal cycle time.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple


class Window(NamedTuple):
    """One shift of one line: the planned production window before planned stops."""

    line: str
    shift: str
    start: dt.datetime
    end: dt.datetime
    ideal_rate_per_hour: float  # units per hour at the ideal cycle time (0: unknown)


class Stop(NamedTuple):
    """A downtime; times are aware datetimes or POSIX seconds (floats), as for ``Count``."""

    line: str
    start: dt.datetime | float
    end: dt.datetime | float
    planned: bool = False


class Count(NamedTuple):
    """Units produced (OUT) or rejected at a moment."""

    line: str
    at: dt.datetime | float
    units: int


@dataclass(slots=True)
class Result:
    line: str
    shift: str
    start: dt.datetime
    end: dt.datetime
    shift_minutes: float = 0
    planned_stop_minutes: float = 0
    downtime_minutes: float = 0
    micro_stop_minutes: float = 0
    produced: int = 0
    rejected: int = 0
    ideal_cycle_minutes: float = 0  # 60 / ideal rate; 0 when unknown
    ideal_minutes: float = 0  # ideal cycle x produced (summed over windows of different rates)
    windows: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def planned_minutes(self) -> float:
        return self.shift_minutes - self.planned_stop_minutes

    @property
    def run_minutes(self) -> float:
        return self.planned_minutes - self.downtime_minutes

    @property
    def good(self) -> int:
        return self.produced - self.rejected

    @property
    def availability(self) -> float | None:
        return self.run_minutes / self.planned_minutes if self.planned_minutes > 0 else None

    @property
    def performance(self) -> float | None:
        if self.run_minutes <= 0 or (self.produced and not self.ideal_minutes):
            return None  # no run time, or output without an ideal rate: cannot be judged
        return self.ideal_minutes / self.run_minutes

    @property
    def quality(self) -> float | None:
        return self.good / self.produced if self.produced else None

    @property
    def oee(self) -> float | None:
        a, p = self.availability, self.performance
        if a is None or p is None:
            return None
        return a * p * (self.quality if self.quality is not None else 1.0) if self.produced else 0.0

    @property
    def performance_loss_minutes(self) -> float:
        return max(self.run_minutes - self.ideal_minutes, 0.0)

    @property
    def speed_loss_minutes(self) -> float:
        return max(self.performance_loss_minutes - self.micro_stop_minutes, 0.0)

    @property
    def quality_loss_minutes(self) -> float:
        per_unit = self.ideal_minutes / self.produced if self.produced else 0.0
        return self.rejected * per_unit


# --- OEE -----------------------------------------------------------------------------------------------------
# Inside ``compute`` times are POSIX seconds (floats): comparing and subtracting floats is several times faster
# than datetimes, and a year of 12 lines is ~13,000 windows over ~100,000 stops and counts.
PLANNED, UNPLANNED, MICRO = 0, 1, 2
_NEVER = float("-inf")


class _LineIndex:
    """One line's stops and counts sorted by time, so each window reads only its own (bisect, not a scan)."""

    __slots__ = ("stops", "stop_starts", "longest", "produced_at", "produced_sum", "rejected_at", "rejected_sum")

    def __init__(self, stops: list[tuple[float, float, int]], produced: list[tuple[float, int]],
                 rejected: list[tuple[float, int]]):
        stops.sort()
        self.stops = stops
        self.stop_starts = [s for s, _e, _k in stops]
        self.longest = max((e - s for s, e, _k in stops), default=0.0)
        self.produced_at, self.produced_sum = _prefix(produced)
        self.rejected_at, self.rejected_sum = _prefix(rejected)

    def units(self, start: float, end: float, rejects: bool = False) -> int:
        times, sums = (self.rejected_at, self.rejected_sum) if rejects else (self.produced_at, self.produced_sum)
        return sums[bisect_left(times, end)] - sums[bisect_left(times, start)]

    def stop_seconds(self, start: float, end: float) -> tuple[float, float, float]:
        """(planned, unplanned, micro-stop) seconds inside [start, end), each overlap counted once.

        One sweep over the stops clipped to the window (already in start order) keeps three running unions: of
        the planned stops, of planned + unplanned, and of all three. Planned time is the first; unplanned time is
        what the second adds to the first, micro-stop time what the third adds to the second (so an unplanned
        stop inside a break, or a micro-stop inside a long stop, is not counted twice).
        """
        stops = self.stops
        first = bisect_left(self.stop_starts, start - self.longest)
        last = bisect_left(self.stop_starts, end, first)
        if first == last:
            return 0.0, 0.0, 0.0  # the common case: no stop can touch this window
        totals = [0.0, 0.0, 0.0]
        open_start = [_NEVER, _NEVER, _NEVER]  # no union open yet
        open_end = [_NEVER, _NEVER, _NEVER]
        for i in range(first, last):
            s, e, kind = stops[i]
            if e <= start:
                continue
            if s < start:
                s = start
            if e > end:
                e = end
            for level in range(kind, 3):  # a planned stop belongs to all three unions, a micro-stop only to the last
                if s > open_end[level]:
                    if open_end[level] > open_start[level]:
                        totals[level] += open_end[level] - open_start[level]
                    open_start[level], open_end[level] = s, e
                elif e > open_end[level]:
                    open_end[level] = e
        for level in range(3):
            if open_end[level] > open_start[level]:
                totals[level] += open_end[level] - open_start[level]
        return totals[0], totals[1] - totals[0], totals[2] - totals[1]


def _seconds(moment: dt.datetime | float) -> float:
    return moment if moment.__class__ is float else moment.timestamp()


def _in_seconds(rows: Sequence[tuple], *columns: int) -> Sequence[tuple]:
    """Rows with their time ``columns`` as POSIX seconds: returned as they are when they already are (the adapter
    has the database compute them; converting 100,000 rows one by one would cost more than the engine)."""
    if not rows or all(rows[0][c].__class__ is float for c in columns):
        return rows
    if columns == (1, 2):  # stops
        return [(line, _seconds(start), _seconds(end), planned) for line, start, end, planned in rows]
    return [(line, _seconds(moment), units) for line, moment, units in rows]  # counts


def _prefix(counts: list[tuple[float, int]]) -> tuple[list[float], list[int]]:
    """Times in order and running sums (sums[i] = units before times[i]): a window's units in two bisects."""
    counts.sort()
    return [t for t, _u in counts], [0, *accumulate(u for _t, u in counts)]


def compute(windows: Sequence[Window], stops: Sequence[Stop], produced: Sequence[Count],
            rejected: Sequence[Count] = (), micro_stop_minutes: float = 2.0) -> list[Result]:
    """One ``Result`` per window, in the order given."""
    threshold = micro_stop_minutes * 60
    line_stops: dict[str, list] = defaultdict(list)
    for line, start, end, planned in _in_seconds(stops, 1, 2):
        if end > start:
            line_stops[line].append((start, end, PLANNED if planned else (
                UNPLANNED if end - start >= threshold else MICRO)))
    line_made: dict[str, list] = defaultdict(list)
    for line, moment, units in _in_seconds(produced, 1):
        line_made[line].append((moment, units))
    line_bad: dict[str, list] = defaultdict(list)
    for line, moment, units in _in_seconds(rejected, 1):
        line_bad[line].append((moment, units))
    index = {line: _LineIndex(line_stops[line], line_made[line], line_bad[line]) for line in {w[0] for w in windows}}
    results = []
    append = results.append
    for w in windows:
        line = index[w.line]
        start, end = w.start.timestamp(), w.end.timestamp()
        planned, unplanned, micro = line.stop_seconds(start, end)
        made = line.units(start, end)
        bad = line.units(start, end, rejects=True) if line.rejected_at else 0
        cycle = 60.0 / w.ideal_rate_per_hour if w.ideal_rate_per_hour > 0 else 0.0
        result = Result(w.line, w.shift, w.start, w.end, (end - start) / 60, planned / 60, unplanned / 60,
                        micro / 60, made, min(bad, made), cycle, cycle * made)
        if made and not cycle:
            result.notes.append("no ideal rate configured: performance cannot be computed")
        elif made and cycle * made > result.run_minutes > 0:
            result.notes.append("performance above 100 %: the ideal rate is probably set too low")
        append(result)
    return results


def total(results: Sequence[Result], line: str = "", shift: str = "") -> Result:
    """The sum of several windows (a day, a week, a line over a period): minutes and units add, ratios follow."""
    out = Result(line=line, shift=shift, start=min((r.start for r in results), default=None),
                 end=max((r.end for r in results), default=None), windows=len(results))
    for r in results:
        out.shift_minutes += r.shift_minutes
        out.planned_stop_minutes += r.planned_stop_minutes
        out.downtime_minutes += r.downtime_minutes
        out.micro_stop_minutes += r.micro_stop_minutes
        out.produced += r.produced
        out.rejected += r.rejected
        out.ideal_minutes += r.ideal_minutes
        out.notes.extend(n for n in r.notes if n not in out.notes)
    return out
