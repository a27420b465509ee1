"""The Gantt timeline per line/machine for a window (server-rendered: only the window's bars), and the move
endpoint its drag posts to. The server validates every move (services.schedule.move_operation) and answers a
refusal with the sentence to show; the bar then goes back where it was."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Max, Min
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.models import Facility, Machine, ProductionLine
from portal.roles import PLAN_ORDERS, VIEW_PLANNING
from portal.services.localtime import NonexistentLocalTime, today_local

from ..models import Operation
from ..services.analysis import ACTIVE_STATES, gantt, local_midnight
from ..services.schedule import PlanRefused, move_operation
from .common import current_facility, parse_day, parse_local
from .gantt_html import bars_html, stage_list_html

WINDOWS = {"1": 1, "2": 2, "3": 3, "7": 7, "14": 14, "31": 31}


def fitted_window(facility: Facility, first: dt.date) -> tuple[dt.date, int]:
    """The window that fits the open work from ``first`` on: from the day the first stage runs (not before
    ``first``) to the day the last one ends, the smallest window that holds it (at most a month), so a day and a
    half of work fills the page instead of its first fifth."""
    zone = facility.tzinfo
    rows = Operation.objects.filter(order__facility=facility, order__state__in=ACTIVE_STATES,
                                    planned_end__gt=local_midnight(first, zone))
    bounds = rows.aggregate(begin=Min("planned_start"), finish=Max("planned_end"))
    if bounds["begin"] is None:
        return first, 7
    begin = max(first, bounds["begin"].astimezone(zone).date())
    finish = (bounds["finish"] - dt.timedelta(microseconds=1)).astimezone(zone).date()
    span = (finish - begin).days + 1
    return begin, next((n for n in WINDOWS.values() if n >= span), 31)


@capability_required(VIEW_PLANNING)
def timeline(request):
    facility = current_facility(request)
    today = today_local(facility)
    first = parse_day(request.GET.get("start"), today - dt.timedelta(days=today.weekday()))
    if request.GET.get("days") in WINDOWS:
        days = WINDOWS[request.GET["days"]]
    else:  # no window chosen: fitted to the work
        first, days = fitted_window(facility, first)
    zone = facility.tzinfo
    start, end = local_midnight(first, zone), local_midnight(first + dt.timedelta(days=days), zone)
    rows, found = gantt(facility, start, end)
    html = bars_html(rows, zone)
    for row in rows:
        row.html = html[row.key]
    day_list = [first + dt.timedelta(days=n) for n in range(days)]
    context = {
        "facility": facility, "facilities": Facility.objects.filter(active=True), "rows": rows,
        "conflicts": len(found), "days": day_list, "day_width": 100 / days, "window_days": days,
        "start": start, "end": end, "first": first,
        "previous": first - dt.timedelta(days=days), "next": first + dt.timedelta(days=days),
        "windows": WINDOWS, "can_plan": request.user.has_perm(PLAN_ORDERS),
        "bar_count": sum(len(r.bars) for r in rows), "stage_list": stage_list_html(rows, zone),
    }
    return render(request, "planning/gantt.html", context)


def _answer(request, ok: bool, message: str, op: Operation):
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": ok, "message": message}, status=200 if ok else 409)
    (messages.success if ok else messages.error)(request, message)
    return redirect(request.POST.get("next") or op.order.get_absolute_url())


@require_POST
@capability_required(PLAN_ORDERS)
def move(request, pk: int):
    """Move a stage: ``start`` (local time of the facility), optional ``resource`` (``m<id>`` a machine, ``l<id>`` a
    line) or ``machine`` (id) and ``justification`` when the resource changes."""
    op = get_object_or_404(Operation.objects.select_related("order__facility", "line", "machine"), pk=pk)
    facility = op.order.facility
    try:
        start = parse_local(request.POST.get("start", ""), facility)
    except NonexistentLocalTime as skipped:
        return _answer(request, False, skipped.message, op)
    if start is None:
        return _answer(request, False, _("Give the new start as a date and time."), op)
    resource = (request.POST.get("resource") or "").strip()
    machine_id = request.POST.get("machine") or (resource[1:] if resource.startswith("m") else "")
    line_id = resource[1:] if resource.startswith("l") else ""
    machine = line = None
    try:
        if machine_id:
            machine = Machine.objects.select_related("line").get(pk=int(machine_id))
        elif line_id:
            line = ProductionLine.objects.get(pk=int(line_id))
    except (ValueError, Machine.DoesNotExist, ProductionLine.DoesNotExist):
        return _answer(request, False, _("Unknown machine or line."), op)
    try:
        move_operation(op, request.user, start=start, machine=machine, line=line,
                       justification=request.POST.get("justification", ""))
    except PlanRefused as refused:
        return _answer(request, False, refused.message, op)
    return _answer(request, True, _("Stage moved."), op)
