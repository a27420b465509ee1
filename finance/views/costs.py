"""Product cost roll-ups: the list (standard or a what-if scenario next to the standard), one product's cost
structure by level and by component with its margins against the list price and each open SO line's price."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from erp.models import Part, SalesOrderLine
from finance.engine.costing import BomCycleError, MissingCostError, margin
from finance.filters import ProductCostFilter
from finance.models import CostRun, LocalBom, ProductCost, Scenario
from finance.services import costing, runs
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import MANAGE_SCENARIOS, VIEW_COSTING


def _product_url(row) -> str:
    url = reverse("finance:product", args=[row.part_number])
    return f"{url}?scenario={row.scenario_id}" if row.scenario_id else url


class ProductCostListView(PortalListView):
    permission_required = VIEW_COSTING
    title = gettext_lazy("Product costs and margins")
    intro = gettext_lazy(
        "Material cost per unit rolled up through every BOM level (quantity per × (1 + scrap %)), against the list "
        "price. Pick a what-if scenario to see its costs next to the standard; the lowest margins come first."
    )
    filterset_class = ProductCostFilter
    default_sort = "margin_percent"
    tiebreak = "part_number"
    export_name = "product-costs"
    columns = (
        Column("part_number", gettext_lazy("Product"), sort="part_number", width=14, css="text-nowrap",
               link=_product_url),
        Column("description", gettext_lazy("Description"), sort="description", width=36),
        Column("local", gettext_lazy("Local BOM"), kind="bool", sort="local", width=8),
        Column("business_unit", gettext_lazy("Business unit"), sort="business_unit", width=18),
        Column("levels", gettext_lazy("BOM levels"), kind="int", sort="levels", width=8),
        Column("list_price", gettext_lazy("List price"), kind="money", sort="list_price"),
        Column("standard_cost", gettext_lazy("Material cost (standard)"), kind="money", sort="standard_cost"),
        Column("cost", gettext_lazy("Material cost"), kind="money", sort="cost"),
        Column("standard_margin_percent", gettext_lazy("Margin % (standard)"), kind="decimal",
               sort="standard_margin_percent"),
        Column("margin_percent", gettext_lazy("Margin %"), kind="decimal", sort="margin_percent"),
        Column("margin", gettext_lazy("Margin per unit"), kind="money", sort="margin"),
    )

    template_name = "finance/costs.html"

    def get(self, request, *args, **kwargs):
        if not request.GET.get("export"):
            # A list never computed fills itself (in the background; inline where tasks run eagerly).
            scenario_id = request.GET.get("scenario", "")
            scenario = Scenario.objects.filter(pk=scenario_id, active=True).first() if scenario_id.isdigit() else None
            if scenario_id.isdigit() and scenario is None:
                scenario = False  # an unknown scenario: the filter says so, nothing is computed
            if scenario is not False:
                runs.fill_on_first_use(scenario, request.user)
        return super().get(request, *args, **kwargs)

    def get_extra_context(self) -> dict:
        scenario = self.filterset.form.cleaned_data.get("scenario") if self.filterset.form.is_valid() else None
        return run_context(self.request, scenario)

    def get_queryset(self):
        rows = ProductCost.objects.all()
        return rows if self.request.GET.get("scenario") else rows.filter(scenario__isnull=True)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.threshold = Decimal(25)
        scenario_id = request.GET.get("scenario", "")
        if scenario_id.isdigit():
            found = Scenario.objects.filter(pk=scenario_id).values_list("margin_threshold", flat=True).first()
            self.threshold = found if found is not None else self.threshold

    def row_css(self, row) -> str:
        return "table-warning" if row.margin_percent is not None and row.margin_percent < self.threshold else ""


def run_context(request, scenario: Scenario | None) -> dict:
    """The run panel of a cost list: the run in progress (polled), or the last one of this roll-up."""
    return {"active_run": runs.active_run(), "last_run": runs.latest_run(scenario), "run_scenario": scenario,
            "can_recompute": request.user.has_perm(MANAGE_SCENARIOS)}


@require_POST
@capability_required(MANAGE_SCENARIOS)
def refresh_costs(request):
    """Recompute button: queue the standard roll-up, or one scenario's (``scenario`` in the form); refused while a
    roll-up is queued or running. ``next`` (a page of the portal) is where the user goes back to."""
    scenario = None
    if request.POST.get("scenario"):
        scenario = get_object_or_404(Scenario, pk=request.POST["scenario"]) \
            if request.POST["scenario"].isdigit() else None
        if scenario is None:
            raise Http404
    try:
        runs.request_run(scenario, request.user, CostRun.Trigger.MANUAL)
    except runs.RunInProgress as busy:
        messages.warning(request, _("A cost roll-up is already running (%(done)s of %(total)s products); it was not "
                                    "started again. Wait for it to finish, then recompute if you still need to.")
                         % {"done": busy.run.done, "total": busy.run.total})
    url = reverse("finance:costs")
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(f"{url}?scenario={scenario.pk}" if scenario else url)


@capability_required(VIEW_COSTING)
def run_status(request, pk: int):
    """Polled by the progress panel every second; when the run has finished the page reloads to show the list."""
    run = get_object_or_404(CostRun.objects.select_related("scenario"), pk=pk)
    if not run.is_active and request.GET.get("poll"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "finance/partials/run_status.html", {"active_run": run})


@capability_required(VIEW_COSTING)
def product_detail(request, part_number: str):
    if not (Part.objects.filter(pk=part_number).exists() or LocalBom.objects.filter(part_number=part_number).exists()):
        raise Http404
    scenario = None
    scenario_id = request.GET.get("scenario", "")
    if scenario_id.isdigit():
        scenario = Scenario.objects.filter(pk=scenario_id).first()
    try:
        structure, data = costing.structure(part_number, scenario)
    except (BomCycleError, MissingCostError) as error:
        return render(request, "finance/product.html", {"part_number": part_number, "error": error}, status=200)
    info = data.parts.get(part_number)
    if info is None:
        raise Http404
    descriptions = {number: part.description for number, part in data.parts.items()}
    amount, percent = margin(info.unit_price, structure.unit_cost)
    so_lines = []
    for line in (SalesOrderLine.objects.open().filter(part_id=part_number)
                 .order_by("due_date", "sales_order_id", "line_number")[:200]):
        line_margin, line_percent = margin(line.unit_price, structure.unit_cost)
        so_lines.append({"line": line, "margin": line_margin, "percent": line_percent})
    context = {
        "title": _("Cost structure of %(part)s") % {"part": part_number},
        "part_number": part_number, "info": info, "scenario": scenario, "structure": structure,
        "margin": amount, "margin_percent": percent,
        "exploded": [(line, descriptions.get(line.component, ""),
                      bool(data.parts.get(line.component) and data.parts[line.component].local))
                     for line in structure.lines],
        "by_component": [(part, descriptions.get(part, ""), qty, cost) for part, qty, cost in
                         structure.by_component()],
        "by_level": sorted(structure.by_level().items()), "so_lines": so_lines,
        "scenarios": Scenario.objects.filter(active=True),
    }
    return render(request, "finance/product.html", context)
