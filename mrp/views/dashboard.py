"""The MRP dashboard: every open SO line of the latest stored run, its allocations and status; refresh with progress."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mrp.filters import MrpLineFilter
from mrp.models import AT_RISK_STATUSES, CRITICAL_STATUSES, MrpLine, MrpRun
from mrp.services import components_of, latest_run, refresh_in_background
from mrp.services import erp_inputs as adapter
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import USE_MRP

NO_BOM_LABEL = gettext_lazy("no BOM")


def bottleneck_label(line: MrpLine) -> str:
    return str(NO_BOM_LABEL) if line.bottleneck_is_no_bom else line.bottleneck


LINE_COLUMNS = (
    Column("so_number", gettext_lazy("SO"), sort="so_number", width=12, css="text-nowrap"),
    Column("line_number", gettext_lazy("Line"), kind="int", sort="line_number", width=6),
    Column("customer_name", gettext_lazy("Customer"), sort="customer_name", width=28),
    Column("part_number", gettext_lazy("Finished good"), sort="part_number", width=16, css="text-nowrap"),
    Column("description", gettext_lazy("Description"), sort="description", width=34),
    Column("business_unit", gettext_lazy("BU"), sort="business_unit", width=16),
    Column("due_date", gettext_lazy("Due"), kind="date", sort="due_date"),
    Column("quantity", gettext_lazy("Open qty"), kind="int", sort="quantity"),
    Column("from_approved", gettext_lazy("Approved"), kind="int", sort="from_approved"),
    Column("from_pending_qc", gettext_lazy("Pending QC"), kind="int", sort="from_pending_qc"),
    Column("from_jobs", gettext_lazy("Jobs"), kind="int", sort="from_jobs"),
    Column("remainder", gettext_lazy("To produce"), kind="int", sort="remainder"),
    Column("producible", gettext_lazy("Producible"), kind="int", sort="producible"),
    Column("get_status_display", gettext_lazy("Status"), sort="status", width=22, css="text-nowrap"),
    Column("bottleneck", gettext_lazy("Bottleneck"), sort="bottleneck", width=16, css="text-nowrap",
           getter=bottleneck_label),
    Column("value", gettext_lazy("Open value"), kind="money", sort="value"),
)


def status_css(line: MrpLine) -> str:
    if line.status in CRITICAL_STATUSES:
        return "table-danger"
    if line.status in AT_RISK_STATUSES:
        return "table-warning"
    return ""


class RunLinesMixin:
    """Lists over the latest successful run's lines (none yet: an empty list and a hint to refresh)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.run = latest_run()

    def get_queryset(self):
        if self.run is None:
            return MrpLine.objects.none()
        return MrpLine.objects.filter(run=self.run).defer("components")  # read only when a row expands

    def run_context(self) -> dict:
        newest = MrpRun.objects.order_by("-pk").first()
        return {"run": self.run, "active_run": newest if newest and newest.is_active else None,
                "failed_run": newest if newest and newest.status == MrpRun.Status.FAILED else None}


class MrpDashboardView(RunLinesMixin, PortalListView):
    permission_required = USE_MRP
    title = gettext_lazy("MRP dashboard")
    intro = gettext_lazy(
        "Open sales-order lines by due date, allocated in turn from approved stock, pending QC, open jobs, then "
        "new production limited by each BOM component (approved + pending QC + open PO, scrap included). "
        "Expand a line for its components."
    )
    template_name = "mrp/dashboard.html"
    filterset_class = MrpLineFilter
    default_sort = ""  # engine order: the tiebreak (position) orders the rows
    tiebreak = "position"
    export_name = "mrp"
    columns = LINE_COLUMNS

    def row_detail_url(self, row) -> str:
        return reverse("mrp:line-components", args=[row.pk])

    def row_css(self, row) -> str:
        return status_css(row)

    def get_extra_context(self) -> dict:
        return self.run_context()


@capability_required(USE_MRP)
def line_components(request, pk: int):
    """The expanded row: need, allocation from approved / pending QC / PO, shortfall and bottleneck per component."""
    line = get_object_or_404(MrpLine, pk=pk)
    components = components_of(line)
    details = adapter.part_details(c["part_number"] for c in components)
    for component in components:
        component["description"], component["uom"] = details.get(component["part_number"], ("", ""))
    return render(request, "mrp/partials/components.html", {"line": line, "components": components})


@require_POST
@capability_required(USE_MRP)
def refresh(request):
    """Queue a run (or show the one already under way) and answer with its progress panel."""
    run = refresh_in_background(request.user)
    if not getattr(request, "htmx", False):
        return redirect("mrp:dashboard")
    run.refresh_from_db()
    return render(request, "mrp/partials/run_status.html", {"active_run": run, "run": latest_run()})


@capability_required(USE_MRP)
def run_status(request, pk: int):
    """Polled by the progress panel; when the run has finished the page reloads to show it."""
    run = get_object_or_404(MrpRun, pk=pk)
    if not run.is_active and request.GET.get("poll"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "mrp/partials/run_status.html", {"active_run": run, "run": latest_run()})
