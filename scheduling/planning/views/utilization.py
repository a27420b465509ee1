"""Utilization per line and day: planned load against capacity (shifts or override), actual OUT output."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from portal.access import capability_required
from portal.models import Facility
from portal.roles import VIEW_PLANNING
from portal.services.localtime import today_local

from ..services.analysis import per_day, utilization
from .common import current_facility, parse_day

MAX_DAYS = 92  # a quarter


@capability_required(VIEW_PLANNING)
def utilization_view(request):
    facility = current_facility(request)
    today = today_local(facility)
    first = parse_day(request.GET.get("first"), today)
    last = parse_day(request.GET.get("last"), first + dt.timedelta(days=13))
    if last < first:
        first, last = last, first
    last = min(last, first + dt.timedelta(days=MAX_DAYS - 1))
    rows = utilization(facility, first, last)
    grouped = per_day(rows)
    lines = []
    for line_rows in grouped.values():
        planned = sum(r.planned for r in line_rows)
        capacity = sum(r.capacity for r in line_rows)
        lines.append({"line": line_rows[0].line, "days": line_rows, "planned": planned, "capacity": capacity,
                      "actual": sum(r.actual for r in line_rows),
                      "percent": round(100 * planned / capacity, 1) if capacity else None,
                      "over_days": sum(1 for r in line_rows if r.over_capacity)})
    return render(request, "planning/utilization.html", {
        "facility": facility, "facilities": Facility.objects.filter(active=True), "first": first, "last": last,
        "lines": lines, "days": [first + dt.timedelta(days=n) for n in range((last - first).days + 1)],
        "today": today,
    })
