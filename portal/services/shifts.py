"""Which shift is running at a given moment, at the edges and across midnight."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from portal.models import Facility, Shift


@dataclass(frozen=True)
class ShiftOccurrence:
    """One run of a shift: which shift, its production date and its actual start/end (aware datetimes)."""

    shift: Shift
    production_date: dt.date  # the date the shift started on (an overnight shift's night belongs to its start)
    start: dt.datetime
    end: dt.datetime

    @property
    def duration(self) -> dt.timedelta:
        """Elapsed time of the run: 9 h for a 22:00-06:00 night when clocks go back, 7 h when they go forward.
        (``end - start`` would not do: Python subtracts two times of the same zone by their wall clocks.)"""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)


def _covers(start: dt.time, end: dt.time, t: dt.time) -> bool:
    """Start inclusive, end exclusive; an end not after the start wraps past midnight."""
    if end > start:
        return start <= t < end
    return t >= start or t < end


def occurrence_of(shift: Shift, moment: dt.datetime) -> ShiftOccurrence | None:
    """The run of ``shift`` that contains ``moment``, or None."""
    tz = shift.facility.tzinfo
    local = timezone.localtime(moment, tz)
    t = local.time()
    if not _covers(shift.start_time, shift.end_time, t):
        return None
    day = local.date()
    if shift.is_overnight and t < shift.end_time:
        day -= dt.timedelta(days=1)  # the small hours belong to the night that started yesterday
    start = dt.datetime.combine(day, shift.start_time, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=shift.is_overnight), shift.end_time, tzinfo=tz)
    return ShiftOccurrence(shift=shift, production_date=day, start=start, end=end)


def shift_at(facility: Facility, moment: dt.datetime | None = None) -> ShiftOccurrence | None:
    """The active shift of ``facility`` running at ``moment`` (default: now), or None between shifts."""
    moment = moment or timezone.now()
    for shift in facility.shifts.filter(active=True).select_related("facility"):
        occurrence = occurrence_of(shift, moment)
        if occurrence:
            return occurrence
    return None
