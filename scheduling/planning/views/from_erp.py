"""Plan from ERP: search open ERP sales order lines and jobs, create a planning order from one (optionally
scheduled). The work is in ``planning.services.from_erp``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import DatabaseError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from erp.models import SalesOrderLine
from erp.services.jobs import open_jobs
from portal.access import capability_required
from portal.roles import PLAN_ORDERS

from ..models import Routing
from ..services.from_erp import create_order_from_erp
from ..services.orders import OrderRefused

LIMIT = 25


class FromErpForm(forms.Form):
    routing = forms.ModelChoiceField(Routing.objects.filter(active=True), label=_("Product family"),
                                     widget=forms.Select(attrs={"class": "form-select"}))
    priority = forms.IntegerField(label=_("Priority"), min_value=1, max_value=5, initial=3,
                                  widget=forms.NumberInput(attrs={"class": "form-control"}))
    start = forms.CharField(label=_("Schedule from (optional)"), required=False,
                            widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}))


def _search(query: str) -> tuple[list, list, str]:
    query = query.strip()[:40]
    # Only the line's own columns: ERP rows join without constraints, a join could drop a line.
    lines = SalesOrderLine.objects.open().order_by("due_date", "id")
    jobs = open_jobs().order_by("due_date", "job_number")
    if query:
        lines = lines.filter(Q(sales_order__so_number__icontains=query) | Q(part__part_number__icontains=query)
                             | Q(customer__customer_code__icontains=query))
        jobs = jobs.filter(Q(job_number__icontains=query) | Q(part__part_number__icontains=query))
    try:
        return list(lines[:LIMIT]), list(jobs[:LIMIT]), ""
    except DatabaseError:
        return [], [], _("The ERP cannot be reached right now.")


@capability_required(PLAN_ORDERS)
def plan_from_erp(request):
    form = FromErpForm(request.POST or None)
    query = request.GET.get("q", "")
    if request.method == "POST" and form.is_valid():
        pick = request.POST.get("pick", "")
        job_number = request.POST.get("job_number", "").strip()
        so_line_id = None
        if pick.startswith("line:") and pick[5:].isdigit():
            so_line_id = int(pick[5:])
        elif pick.startswith("job:"):
            job_number = pick[4:]
        data = form.cleaned_data
        try:
            start = dt.datetime.fromisoformat(data["start"].strip()) if data["start"].strip() else None
        except ValueError:
            start = None
            messages.error(request, _("Give the start as a date and time."))
            return redirect(request.get_full_path())
        try:
            order = create_order_from_erp(routing=data["routing"], so_line_id=so_line_id, job_number=job_number,
                                          user=request.user, priority=data["priority"], schedule_start=start)
        except OrderRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Order %(number)s created from the ERP.") % {"number": order.number})
            return redirect(order)
    lines, jobs, error = _search(query)
    return render(request, "planning/from_erp.html",
                  {"form": form, "query": query, "lines": lines, "jobs": jobs, "error": error})
