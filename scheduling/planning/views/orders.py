"""Orders: the list, the detail (items, stages with their move form, schedule, workflow panel), new order by hand,
the import page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.imports.roundtrip import RoundTrip
from portal.imports.views import PortalImportView
from portal.lists.columns import ChoiceColumn, Column
from portal.lists.views import PortalListView
from portal.models import Department, Facility, Machine
from portal.roles import PLAN_ORDERS, VIEW_PLANNING
from portal.services.localtime import NonexistentLocalTime
from portal.workflow.views import WorkflowActionView, workflow_panel

from ..filters import OrderFilter
from ..models import PlanningOrder, Reallocation, Routing
from ..resources import PlanningOrderResource
from ..services.analysis import late_orders
from ..services.assignment import assignable_operators
from ..services.orders import OrderRefused, create_order
from ..services.progress import made_by_operation
from ..services.schedule import PlanRefused, schedule_order
from .common import parse_local


class OrderListView(PortalListView):
    permission_required = VIEW_PLANNING
    title = _("Planning orders")
    template_name = "planning/order_list.html"
    filterset_class = OrderFilter
    default_sort = "due_date"
    export_name = "planning-orders"
    round_trip = RoundTrip("scheduling.planning.resources.PlanningOrderResource", "planning:order-import",
                           PLAN_ORDERS)
    columns = (
        Column("number", _("Order"), sort="number", link=lambda o: o.get_absolute_url()),
        Column("facility.code", _("Facility"), sort="facility__code"),
        Column("routing.product_family", _("Product family"), sort="routing__product_family"),
        Column("customer", _("Customer"), sort="customer"),
        Column("priority", _("Priority"), kind="int", sort="priority"),
        Column("due_date", _("Due date"), kind="date", sort="due_date"),
        Column("finish", _("Planned finish"), kind="datetime", sort="finish"),
        ChoiceColumn("state", _("State"), sort="state", choices=PlanningOrder.State),
    )

    def get_queryset(self) -> QuerySet:
        return PlanningOrder.objects.select_related("facility", "routing").annotate(
            finish=Max("operations__planned_end"))

    def row_css(self, row) -> str:
        return "table-warning" if row.state == PlanningOrder.State.ON_HOLD else ""

    def round_trip_objects(self, rows: QuerySet) -> QuerySet:
        # the first item's columns in the same query; only the columns the file has (no dates to convert)
        return PlanningOrderResource.with_first_item(rows).only(
            "number", "facility__code", "routing__product_family", "customer", "priority", "due_date",
            "erp_reference")

    def get_extra_context(self) -> dict:
        return {"tab": "orders"}


class ScheduleForm(forms.Form):
    start = forms.DateTimeField(label=_("Start from"), input_formats=["%Y-%m-%dT%H:%M"],
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}))


def order_detail(request, pk: int):
    order = get_object_or_404(PlanningOrder.objects.select_related("facility", "routing"), pk=pk)
    operations = list(order.operations.select_related("line", "machine", "operator", "crew").order_by("sequence"))
    for op in operations:
        op.order = order  # loaded already: progress reads its number
    made = made_by_operation(operations)  # the plan's progress: the ledger's OUT at each stage's work center
    types = {op.machine_type for op in operations if op.machine_type}
    machines = list(Machine.objects.filter(active=True, machine_type__in=types, line__facility=order.facility)
                    .select_related("line")) if types else []
    for op in operations:
        op.choices = [m for m in machines if m.machine_type == op.machine_type]
        op.made = made.get(op.pk, 0)
    context = {
        "order": order, "items": list(order.items.all()), "operations": operations,
        "zone": order.facility.time_zone, "late": late_orders(order.facility).get(order.pk),
        "exceptions": list(order.exceptions.order_by("-detected_at")[:20]),
        "reallocations": list(Reallocation.objects.filter(operation__order=order).select_related(
            "operation", "from_line", "from_machine", "to_line", "to_machine", "by")[:50]),
        "can_plan": request.user.has_perm(PLAN_ORDERS),
        "operators": list(assignable_operators()) if request.user.has_perm(PLAN_ORDERS) else [],
        "crews": list(Department.objects.filter(active=True)) if request.user.has_perm(PLAN_ORDERS) else [],
        "schedule_form": ScheduleForm(),
        "panel": workflow_panel(order, request.user, f"{order.get_absolute_url()}workflow/"),
    }
    return render(request, "planning/order_detail.html", context)


order_detail = capability_required(VIEW_PLANNING)(order_detail)


@require_POST
@capability_required(PLAN_ORDERS)
def schedule(request, pk: int):
    order = get_object_or_404(PlanningOrder.objects.select_related("facility"), pk=pk)
    try:
        start = parse_local(request.POST.get("start", ""), order.facility)
    except NonexistentLocalTime as skipped:
        messages.error(request, skipped.message)
        return redirect(order)
    if start is None:
        messages.error(request, _("Give the start as a date and time."))
        return redirect(order)
    try:
        schedule_order(order, start)
    except PlanRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The order's stages were scheduled."))
    return redirect(order)


class OrderWorkflowView(WorkflowActionView):
    model = PlanningOrder
    permission_required = VIEW_PLANNING


class NewOrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=40)
    facility = forms.ModelChoiceField(Facility.objects.filter(active=True), label=_("Facility"))
    routing = forms.ModelChoiceField(Routing.objects.filter(active=True), label=_("Product family"))
    customer = forms.CharField(label=_("Customer"), max_length=100, required=False)
    priority = forms.IntegerField(label=_("Priority"), min_value=1, max_value=5, initial=3)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    product = forms.CharField(label=_("Product"), max_length=40)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)
    erp_reference = forms.CharField(label=_("ERP sales order or job"), max_length=40, required=False)
    so_line_id = forms.IntegerField(label=_("ERP sales order line ID"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")


@capability_required(PLAN_ORDERS)
def new_order(request):
    form = NewOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = create_order(
                number=data["number"], facility=data["facility"], routing=data["routing"], customer=data["customer"],
                priority=data["priority"], due_date=data["due_date"], erp_reference=data["erp_reference"],
                source=PlanningOrder.Source.ERP if data["erp_reference"] or data["so_line_id"]
                else PlanningOrder.Source.MANUAL, user=request.user,
                items=[{"product": data["product"], "quantity": data["quantity"], "so_line_id": data["so_line_id"]}])
        except OrderRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, _("Order %(number)s created.") % {"number": order.number})
            return redirect(order)
    return render(request, "planning/order_form.html", {"form": form})


class OrderImportView(PortalImportView):
    permission_required = PLAN_ORDERS
    resource_class = PlanningOrderResource
    title = _("Import planning orders")
    success_url_name = "planning:orders"


@require_POST
@capability_required(PLAN_ORDERS)
def assign(request, pk: int):
    """Assign a stage to an operator and/or a crew (``operator``, ``crew``: ids, empty clears)."""
    from django.contrib.auth import get_user_model

    from ..models import Operation
    from ..services.assignment import assign_operation

    op = get_object_or_404(Operation.objects.select_related("order"), pk=pk)
    back = redirect(op.order.get_absolute_url())
    try:
        operator_id, crew_id = request.POST.get("operator") or "", request.POST.get("crew") or ""
        operator = get_user_model().objects.get(pk=int(operator_id)) if operator_id else None
        crew = Department.objects.get(pk=int(crew_id)) if crew_id else None
        assign_operation(op, operator=operator, crew=crew)
    except (ValueError, Department.DoesNotExist, get_user_model().DoesNotExist):
        messages.error(request, _("Unknown operator or crew."))
        return back
    except PlanRefused as refused:
        messages.error(request, refused.message)
        return back
    messages.success(request, _("Stage %(stage)s assigned.") % {"stage": op})
    return back
