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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Window:
    """One shift of one line: the planned production window before planned stops."""

    line: str
    shift: str
    start: dt.datetime
    end: dt.datetime
    ideal_rate_per_hour: float  # units per hour at the ideal cycle time (0: unknown)


@dataclass(frozen=True)
class Stop:
    line: str
    start: dt.datetime
    end: dt.datetime
    planned: bool = False


@dataclass(frozen=True)
class Count:
    """Units produced (OUT) or rejected at a moment."""

    line: str
    at: dt.datetime
    units: int


@dataclass
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


# --- interval arithmetic -------------------------------------------------------------------------------------
def merge(intervals: Iterable[Interval]) -> list[Interval]:
    ordered = sorted((s, e) for s, e in intervals if e > s)
    merged: list[Interval] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def clip(intervals: Iterable[Interval], start: dt.datetime, end: dt.datetime) -> list[Interval]:
    return [(max(s, start), min(e, end)) for s, e in intervals if s < end and e > start]


def subtract(intervals: Sequence[Interval], cuts: Sequence[Interval]) -> list[Interval]:
    """``intervals`` minus ``cuts`` (both merged)."""
    out: list[Interval] = []
    for start, end in intervals:
        pieces = [(start, end)]
        for c_start, c_end in cuts:
            next_pieces = []
            for s, e in pieces:
                if c_end <= s or c_start >= e:
                    next_pieces.append((s, e))
                    continue
                if c_start > s:
                    next_pieces.append((s, c_start))
                if c_end < e:
                    next_pieces.append((c_end, e))
            pieces = next_pieces
        out.extend(pieces)
    return out


def minutes(intervals: Iterable[Interval]) -> float:
    return sum((e - s).total_seconds() for s, e in intervals) / 60


# --- OEE -----------------------------------------------------------------------------------------------------
class _LineIndex:
    """One line's stops and counts sorted by time, so each window reads only its own (bisect, not a scan)."""

    def __init__(self, stops: list[Stop], produced: list[Count], rejected: list[Count]):
        self.stops = sorted(stops, key=lambda s: s.start)
        self.stop_starts = [s.start for s in self.stops]
        self.longest = max((s.end - s.start for s in self.stops), default=dt.timedelta(0))
        self.produced = sorted(produced, key=lambda c: c.at)
        self.produced_at = [c.at for c in self.produced]
        self.rejected = sorted(rejected, key=lambda c: c.at)
        self.rejected_at = [c.at for c in self.rejected]

    def stops_in(self, start: dt.datetime, end: dt.datetime) -> list[Stop]:
        first = bisect_left(self.stop_starts, start - self.longest)
        last = bisect_left(self.stop_starts, end)
        return [s for s in self.stops[first:last] if s.end > start]

    @staticmethod
    def units(counts: list[Count], times: list[dt.datetime], start: dt.datetime, end: dt.datetime) -> int:
        return sum(c.units for c in counts[bisect_left(times, start):bisect_left(times, end)])


def compute(windows: Sequence[Window], stops: Sequence[Stop], produced: Sequence[Count],
            rejected: Sequence[Count] = (), micro_stop_minutes: float = 2.0) -> list[Result]:
    """One ``Result`` per window, in the order given."""
    lines = {w.line for w in windows}
    index = {line: _LineIndex([s for s in stops if s.line == line], [c for c in produced if c.line == line],
                              [c for c in rejected if c.line == line]) for line in lines}
    threshold = dt.timedelta(minutes=micro_stop_minutes)
    results = []
    for w in windows:
        line = index[w.line]
        line_stops = line.stops_in(w.start, w.end)
        planned = merge(clip(((s.start, s.end) for s in line_stops if s.planned), w.start, w.end))
        long_stops = merge(clip(((s.start, s.end) for s in line_stops
                                 if not s.planned and s.end - s.start >= threshold), w.start, w.end))
        unplanned = subtract(long_stops, planned)
        micro = subtract(subtract(merge(clip(((s.start, s.end) for s in line_stops
                                              if not s.planned and s.end - s.start < threshold), w.start, w.end)),
                                  planned), long_stops)
        made = line.units(line.produced, line.produced_at, w.start, w.end)
        bad = line.units(line.rejected, line.rejected_at, w.start, w.end)
        cycle = 60.0 / w.ideal_rate_per_hour if w.ideal_rate_per_hour > 0 else 0.0
        result = Result(line=w.line, shift=w.shift, start=w.start, end=w.end,
                        shift_minutes=(w.end - w.start).total_seconds() / 60, planned_stop_minutes=minutes(planned),
                        downtime_minutes=minutes(unplanned), micro_stop_minutes=minutes(micro), produced=made,
                        rejected=min(bad, made), ideal_cycle_minutes=cycle, ideal_minutes=cycle * made)
        if made and not cycle:
            result.notes.append("no ideal rate configured: performance cannot be computed")
        if result.performance is not None and result.performance > 1:
            result.notes.append("performance above 100 %: the ideal rate is probably set too low")
        results.append(result)
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
