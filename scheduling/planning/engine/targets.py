"""Periods of the utilization page and the targets that apply to them, in plain Python.

A day, a week (Monday to Sunday) or a calendar month. A target set for the period shown applies to it; a daily
target counts once per working day. A week or month the window shows only in part gets the share of its target
that its shown working days carry (a monthly target of 44,000 over 22 working days is 2,000 per working day shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

DAY = dt.timedelta(days=1)
PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Bucket:
    period: str
    start: dt.date  # the whole period
    end: dt.date
    first: dt.date  # the part of it the window shows
    last: dt.date


def period_of(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The whole period containing ``day``."""
    if period == "day":
        return day, day
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - DAY
    raise ValueError(f"unknown period {period!r}")


def buckets(first: dt.date, last: dt.date, period: str) -> list[Bucket]:
    """The periods covering ``first``..``last`` in order, each clipped to the window."""
    out: list[Bucket] = []
    day = first
    while day <= last:
        start, end = period_of(day, period)
        out.append(Bucket(period, start, end, max(start, first), min(end, last)))
        day = end + DAY
    return out


@dataclass(frozen=True)
class Target:
    period: str
    units: float
    valid_from: dt.date


def in_force(targets: Iterable[Target], period: str, on: dt.date) -> Target | None:
    """The newest target of ``period`` in force on ``on``."""
    found = [t for t in targets if t.period == period and t.valid_from <= on]
    return max(found, key=lambda t: t.valid_from) if found else None


def bucket_target(targets: Sequence[Target], bucket: Bucket, works_on: Callable[[dt.date], bool]) -> float | None:
    """The target units of ``bucket``: its own period's target (its share when shown in part), else the daily
    target of each working day shown; None when neither is set."""
    shown = _days(bucket.first, bucket.last)
    own = in_force(targets, bucket.period, bucket.start) if bucket.period != "day" else None
    if own is not None:
        whole = sum(1 for day in _days(bucket.start, bucket.end) if works_on(day))
        part = sum(1 for day in shown if works_on(day))
        return own.units * part / whole if whole else 0.0
    total, found = 0.0, False
    for day in shown:
        daily = in_force(targets, "day", day)
        if daily is not None:
            found = True
            total += daily.units if works_on(day) else 0.0
    return total if found else None


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
