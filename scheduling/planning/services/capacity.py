"""Capacity of a line per plant day: its shifts' ProductionCapacity, replaced by an override for the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from portal.calendar.arithmetic import WorkingCalendar
from portal.models import ProductionCapacity

from ..models import CapacityOverride


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def capacity_per_day(line_ids: Iterable[int], first: dt.date, last: dt.date,
                     calendar: WorkingCalendar | None = None) -> dict[tuple[int, dt.date], float]:
    """Units a line can make per plant day ``first``..``last``: the sum of its active shifts' targets on each day
    its facility's working ``calendar`` works (nothing on a day off or a holiday), unless an override covers the
    day (the most recently created override wins where two overlap)."""
    line_ids = list(line_ids)
    per_shift: dict[int, float] = defaultdict(float)
    for row in ProductionCapacity.objects.filter(line_id__in=line_ids, shift__active=True).values(
            "line_id", "units_per_shift"):
        per_shift[row["line_id"]] += row["units_per_shift"]
    days = days_between(first, last)
    works = {day: calendar is None or calendar.works_on(day) for day in days}
    capacity = {(line, day): per_shift.get(line, 0.0) if works[day] else 0.0 for line in line_ids for day in days}
    overrides = CapacityOverride.objects.filter(line_id__in=line_ids).filter(
        Q(first_day__lte=last) & Q(last_day__gte=first)).order_by("created_at", "pk")
    for override in overrides:
        for day in days_between(max(first, override.first_day), min(last, override.last_day)):
            capacity[(override.line_id, day)] = float(override.units_per_day)
    return capacity
