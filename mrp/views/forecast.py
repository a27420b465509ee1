"""Shipment forecast for the current month from the latest MRP run."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from mrp import reports
from mrp.services import latest_run
from portal.access import capability_required
from portal.roles import VIEW_REPORTS

SHOWN = 500  # lines listed per group on the page; the totals cover every line


@capability_required(VIEW_REPORTS)
def shipment_forecast(request):
    run = latest_run()
    today = timezone.localdate()
    forecast = reports.shipment_forecast(run, today, settings.MRP_SHIP_LEAD_DAYS, limit=SHOWN) if run else None
    return render(request, "mrp/forecast.html", {
        "run": run, "forecast": forecast, "today": today, "lead_days": settings.MRP_SHIP_LEAD_DAYS, "shown": SHOWN,
    })
