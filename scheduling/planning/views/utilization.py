"""Utilization: planned load against capacity or target per line and machine type, per day, week or month; the
overloaded periods first (worst first) and the peak, a chart of planned against capacity per day for each line,
and the same rows in Excel (the core's streaming writer)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.xlsx import write_xlsx
from portal.models import Facility
from portal.roles import VIEW_PLANNING
from portal.services.localtime import today_local

from ..engine.targets import PERIODS
from ..services.targets import peak, period_loads, worst_first
from .common import current_facility, parse_day

MAX_DAYS = 92  # a quarter

EXPORT_COLUMNS = (
    Column("kind_label", _("Line or machine type")),
    Column("code", _("Code")),
    Column("first", _("From"), kind="date"),
    Column("last", _("To"), kind="date"),
    Column("planned", _("Planned"), kind="decimal"),
    Column("capacity", _("Capacity"), kind="decimal"),
    Column("target", _("Target"), kind="decimal"),
    Column("percent", _("% of target or capacity"), kind="decimal"),
    Column("actual", _("Actual"), kind="int"),
    Column("over_label", _("Over")),
)


def _window(request, facility) -> tuple[dt.date, dt.date, str]:
    today = today_local(facility)
    first = parse_day(request.GET.get("first"), today)
    last = parse_day(request.GET.get("last"), first + dt.timedelta(days=13))
    if last < first:
        first, last = last, first
    last = min(last, first + dt.timedelta(days=MAX_DAYS - 1))
    period = request.GET.get("period") if request.GET.get("period") in PERIODS else "day"
    return first, last, period


def _chart(daily) -> dict:
    """Per line: planned and capacity (or the daily target) per day, for the bar chart."""
    lines: dict[str, dict] = {}
    for row in daily:
        if row.kind != "line":
            continue
        line = lines.setdefault(row.code, {"code": row.code, "days": [], "planned": [], "capacity": []})
        line["days"].append(row.first.isoformat())
        line["planned"].append(round(row.planned, 1))
        line["capacity"].append(round(row.against or 0, 1))
    return {"lines": list(lines.values()),
            "labels": {"planned": str(_("Planned")), "capacity": str(_("Capacity or target"))}}


@capability_required(VIEW_PLANNING)
def utilization_view(request):
    facility = current_facility(request)
    first, last, period = _window(request, facility)
    daily = period_loads(facility, first, last, "day")
    loads = daily if period == "day" else period_loads(facility, first, last, period)
    if request.GET.get("export") == "xlsx":
        for row in loads:
            row.kind_label = str(_("Line")) if row.kind == "line" else str(_("Machine type"))
            row.over_label = str(_("Yes")) if row.over else ""
        handle, _count = write_xlsx(loads, EXPORT_COLUMNS, title=str(_("Utilization")))
        return FileResponse(handle, as_attachment=True,
                            filename=f"utilization-{facility.code}-{first:%Y%m%d}-{last:%Y%m%d}-{period}.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    groups: dict[tuple[str, str], dict] = {}
    for row in loads:
        group = groups.setdefault((row.kind, row.code), {"kind": row.kind, "code": row.code, "label": row.label,
                                                          "rows": []})
        group["rows"].append(row)
    for group in groups.values():
        rows = group["rows"]
        group["over"] = sum(1 for r in rows if r.over)
        group["peak"] = peak(rows)
        group["has_target"] = any(r.target is not None for r in rows)
    query = request.GET.copy()
    query["export"] = "xlsx"
    return render(request, "planning/utilization.html", {
        "facility": facility, "facilities": Facility.objects.filter(active=True), "first": first, "last": last,
        "period": period, "periods": [(p, label) for p, label in
                                      (("day", _("Day")), ("week", _("Week")), ("month", _("Month")))],
        "groups": sorted(groups.values(), key=lambda g: (g["kind"] != "line", -g["over"], g["code"])),
        "overloaded": worst_first(loads), "peak": peak(loads), "chart": _chart(daily),
        "today": today_local(facility), "export_query": query.urlencode(),
    })
