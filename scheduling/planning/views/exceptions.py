"""Exceptions: the list, the detail with its workflow panel (resolve with a reason) and the assignment."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.lists.columns import ChoiceColumn, Column
from portal.lists.views import PortalListView
from portal.models import User
from portal.roles import PLAN_ORDERS, VIEW_PLANNING
from portal.workflow.views import WorkflowActionView, workflow_panel

from ..filters import ExceptionFilter
from ..models import PlanException
from ..services.exceptions import assign


def planners() -> QuerySet:
    return User.objects.filter(is_active=True, groups__permissions__codename="plan_orders",
                               groups__permissions__content_type__app_label="planning").distinct().order_by(
        "username")


class ExceptionListView(PortalListView):
    permission_required = VIEW_PLANNING
    title = _("Planning exceptions")
    template_name = "planning/order_list.html"
    intro = _("Found every 15 minutes: late against plan, over capacity, quantity short, waiting on material.")
    filterset_class = ExceptionFilter
    default_sort = "-detected_at"
    export_name = "planning-exceptions"
    columns = (
        ChoiceColumn("kind", _("Kind"), sort="kind", choices=PlanException.Kind,
                     link=lambda e: e.get_absolute_url()),
        Column("detail", _("Detail")),
        Column("order.number", _("Order"), sort="order__number"),
        Column("line.code", _("Line"), sort="line__code"),
        Column("day", _("Day"), kind="date", sort="day"),
        ChoiceColumn("state", _("State"), sort="state", choices=PlanException.State),
        Column("assignee.username", _("Assigned to"), sort="assignee__username"),
        Column("detected_at", _("Detected"), kind="datetime", sort="detected_at"),
    )

    def get_queryset(self) -> QuerySet:
        return PlanException.objects.select_related("order", "line", "assignee")

    def row_css(self, row) -> str:
        return "table-warning" if row.state == PlanException.State.OPEN else ""

    def get_extra_context(self) -> dict:
        return {"tab": "exceptions"}


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(User.objects.none(), label=_("Assign to"), required=False,
                                      widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = planners()


@capability_required(VIEW_PLANNING)
def exception_detail(request, pk: int):
    exception = get_object_or_404(PlanException.objects.select_related("order__facility", "line", "assignee"), pk=pk)
    return render(request, "planning/exception_detail.html", {
        "exception": exception, "can_plan": request.user.has_perm(PLAN_ORDERS),
        "assign_form": AssignForm(initial={"assignee": exception.assignee_id}),
        "panel": workflow_panel(exception, request.user, f"{exception.get_absolute_url()}workflow/"),
    })


@require_POST
@capability_required(PLAN_ORDERS)
def exception_assign(request, pk: int):
    exception = get_object_or_404(PlanException, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        assign(exception, form.cleaned_data["assignee"], request.user)
        messages.success(request, _("Assignment saved."))
    else:
        messages.error(request, _("Choose a planner from the list."))
    return redirect(exception)


class ExceptionWorkflowView(WorkflowActionView):
    model = PlanException
    permission_required = VIEW_PLANNING
