"""The fast engine (float sweeps, bisect, prefix sums) against a plain reference written the obvious way (clip,
merge and subtract interval lists per window, scan every stop): on random stops, overlaps, micro-stops and
counts they must agree to the second and the unit."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from production.engine.oee import Count, Stop, Window, compute

D = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)


def _merge(intervals):
    merged = []
    for start, end in sorted((s, e) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clip(intervals, start, end):
    return [(max(s, start), min(e, end)) for s, e in intervals if s < end and e > start]


def _subtract(intervals, cuts):
    out = []
    for start, end in intervals:
        pieces = [(start, end)]
        for c_start, c_end in cuts:
            pieces = [p for s, e in pieces for p in ((s, min(e, c_start)), (max(s, c_end), e)) if p[1] > p[0]]
        out.extend(pieces)
    return out


def _minutes(intervals):
    return sum((e - s).total_seconds() for s, e in intervals) / 60


def reference(window, stops, produced, micro):
    mine = [s for s in stops if s.line == window.line]
    threshold = dt.timedelta(minutes=micro)
    planned = _merge(_clip([(s.start, s.end) for s in mine if s.planned], window.start, window.end))
    long_ = _merge(_clip([(s.start, s.end) for s in mine if not s.planned and s.end - s.start >= threshold],
                         window.start, window.end))
    short = _merge(_clip([(s.start, s.end) for s in mine if not s.planned and s.end - s.start < threshold],
                         window.start, window.end))
    made = sum(c.units for c in produced if c.line == window.line and window.start <= c.at < window.end)
    return (_minutes(planned), _minutes(_subtract(long_, planned)),
            _minutes(_subtract(_subtract(short, planned), long_)), made)


MINUTE = st.integers(min_value=0, max_value=3 * 24 * 60)
STOP = st.builds(lambda line, start, length, planned: Stop(line, D + dt.timedelta(minutes=start),
                                                           D + dt.timedelta(minutes=start + length), planned),
                 st.sampled_from(["L1", "L2"]), MINUTE, st.sampled_from([0, 1, 2, 3, 30, 90, 600]), st.booleans())
COUNT = st.builds(lambda line, at, units: Count(line, D + dt.timedelta(minutes=at), units),
                  st.sampled_from(["L1", "L2"]), MINUTE, st.integers(1, 50))


@settings(max_examples=300, deadline=None)
@given(stops=st.lists(STOP, max_size=40), produced=st.lists(COUNT, max_size=20), micro=st.sampled_from([0, 2, 5]))
def test_fast_engine_agrees_with_the_plain_reference(stops, produced, micro):
    windows = [Window(line, f"S{n}", D + dt.timedelta(hours=8 * n), D + dt.timedelta(hours=8 * n + 8), 60)
               for n in range(9) for line in ("L1", "L2")]
    for window, result in zip(windows, compute(windows, stops, produced, micro_stop_minutes=micro), strict=True):
        planned, unplanned, short, made = reference(window, stops, produced, micro)
        assert abs(result.planned_stop_minutes - planned) < 1e-6
        assert abs(result.downtime_minutes - unplanned) < 1e-6
        assert abs(result.micro_stop_minutes - short) < 1e-6
        assert result.produced == made
