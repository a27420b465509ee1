"""The production dashboard: orders by state, today's plan against actual per line, late orders, open exceptions."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render

from portal.access import capability_required
from portal.models import Facility
from portal.roles import VIEW_PLANNING
from portal.services.localtime import today_local

from ..models import PlanException, PlanningOrder
from ..services.analysis import late_orders, utilization
from .common import current_facility


@capability_required(VIEW_PLANNING)
def dashboard(request):
    facility = current_facility(request)
    today = today_local(facility)
    counts = dict(PlanningOrder.objects.filter(facility=facility).values_list("state").annotate(n=Count("pk"))
                  .order_by())
    states = [(value, label, counts.get(value, 0)) for value, label in PlanningOrder.State.choices]
    late = late_orders(facility)
    late_rows = sorted(PlanningOrder.objects.filter(pk__in=list(late)).select_related("routing"),
                       key=lambda o: -late[o.pk])[:20]
    for order in late_rows:
        order.late_hours = round(late[order.pk].total_seconds() / 3600, 1)
    return render(request, "planning/dashboard.html", {
        "facility": facility, "facilities": Facility.objects.filter(active=True), "today": today,
        "states": states, "late": late_rows, "late_count": len(late),
        "today_rows": utilization(facility, today, today),
        "open_exceptions": PlanException.objects.filter(state="open", order__facility=facility).count()
        + PlanException.objects.filter(state="open", order__isnull=True, line__facility=facility).count(),
    })
