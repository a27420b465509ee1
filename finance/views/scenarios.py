"""What-if scenarios on the pages: the list, one scenario's form (its part overrides and business-unit changes as
formsets) and its comparison with the standard costs, product by product."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erp.models import Part
from finance.filters import ScenarioCompareFilter, ScenarioFilter
from finance.forms import PartCostFormSet, ScenarioForm, UnitChangeFormSet
from finance.models import CostRun, ProductCost, Scenario
from finance.services import runs
from finance.views.costs import run_context
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import MANAGE_SCENARIOS, VIEW_COSTING

DIFFERENCE = DecimalField(max_digits=18, decimal_places=4)


def _compare_url(row) -> str:
    return reverse("finance:scenario-compare", args=[row.pk])


class ScenarioListView(PortalListView):
    permission_required = VIEW_COSTING
    title = gettext_lazy("What-if scenarios")
    intro = gettext_lazy("Local cost overrides per bought part or per business unit; the ERP's standard costs are "
                         "never changed. Open a scenario to compare its product costs with the standard.")
    template_name = "finance/scenarios.html"
    filterset_class = ScenarioFilter
    default_sort = "name"
    export_name = "what-if-scenarios"
    columns = (
        Column("name", gettext_lazy("Scenario"), sort="name", width=30, link=_compare_url),
        Column("description", gettext_lazy("Description"), width=40),
        Column("part_overrides", gettext_lazy("Part costs"), kind="int", sort="part_overrides"),
        Column("unit_changes_count", gettext_lazy("Business-unit changes"), kind="int", sort="unit_changes_count"),
        Column("margin_threshold", gettext_lazy("Margin threshold %"), kind="percent", sort="margin_threshold"),
        Column("active", gettext_lazy("Active"), kind="bool", sort="active"),
        Column("updated_at", gettext_lazy("Changed"), kind="datetime", sort="updated_at"),
    )

    def get_queryset(self):
        return Scenario.objects.annotate(part_overrides=Count("part_costs", distinct=True),
                                         unit_changes_count=Count("unit_changes", distinct=True))

    def get_extra_context(self) -> dict:
        return {"can_edit": self.request.user.has_perm(MANAGE_SCENARIOS)}


@capability_required(MANAGE_SCENARIOS)
def scenario_form(request, pk: int | None = None):
    """Create or edit a scenario with its rows; all or nothing, then its roll-up is recomputed in the background."""
    scenario = get_object_or_404(Scenario, pk=pk) if pk is not None else Scenario(created_by=request.user)
    data = request.POST if request.method == "POST" else None
    form = ScenarioForm(data, instance=scenario)
    parts = PartCostFormSet(data, instance=scenario, prefix="parts")
    units = UnitChangeFormSet(data, instance=scenario, prefix="units")
    if data is not None and form.is_valid() and parts.is_valid() and units.is_valid():
        with transaction.atomic():  # the scenario and its rows, or nothing (auditlog records each change)
            scenario = form.save()
            parts.instance = units.instance = scenario
            parts.save()
            units.save()
        try:
            runs.request_run(scenario, request.user, CostRun.Trigger.MANUAL)
        except runs.RunInProgress:
            messages.warning(request, _("Scenario “%(name)s” saved. Another cost roll-up is running: recompute this "
                                        "scenario when it has finished.") % {"name": scenario.name})
        else:
            messages.success(request, _("Scenario “%(name)s” saved; its costs are being recomputed.")
                             % {"name": scenario.name})
        return redirect("finance:scenario-compare", pk=scenario.pk)
    if data is not None:
        messages.error(request, _("The scenario was not saved: correct the fields marked below."))
    context = {
        "title": _("Edit scenario “%(name)s”") % {"name": scenario.name} if pk else _("New what-if scenario"),
        "form": form, "parts": parts, "units": units, "scenario": scenario if pk else None,
        "business_units": Part.objects.exclude(business_unit="").order_by("business_unit")
        .values_list("business_unit", flat=True).distinct()[:200],
    }
    return render(request, "finance/scenario_form.html", context)


class ScenarioCompareView(PortalListView):
    """One scenario against the standard costs: per product the base cost, the scenario's, the difference and %."""

    permission_required = VIEW_COSTING
    template_name = "finance/scenario_compare.html"
    filterset_class = ScenarioCompareFilter
    default_sort = "-difference"
    tiebreak = "part_number"
    export_formats = ("xlsx", "csv")
    columns = (
        Column("part_number", gettext_lazy("Product"), sort="part_number", width=14, css="text-nowrap",
               link=lambda row: f"{reverse('finance:product', args=[row.part_number])}?scenario={row.scenario_id}"),
        Column("description", gettext_lazy("Description"), sort="description", width=36),
        Column("business_unit", gettext_lazy("Business unit"), sort="business_unit", width=18),
        Column("standard_cost", gettext_lazy("Base cost"), kind="money", sort="standard_cost"),
        Column("cost", gettext_lazy("Scenario cost"), kind="money", sort="cost"),
        Column("difference", gettext_lazy("Difference"), kind="money", sort="difference"),
        Column("difference_percent", gettext_lazy("Difference %"), kind="percent", sort="difference_percent"),
        Column("standard_margin_percent", gettext_lazy("Margin % (standard)"), kind="percent",
               sort="standard_margin_percent"),
        Column("margin_percent", gettext_lazy("Margin % (scenario)"), kind="percent", sort="margin_percent"),
    )

    @property
    def title(self) -> str:
        return _("Scenario “%(name)s” against the standard costs") % {"name": self.scenario.name}

    @property
    def export_name(self) -> str:
        return f"scenario-{self.scenario.pk}-compare"

    def get(self, request, *args, **kwargs):
        # Looked up here, after the permission check: a user without finance gets 403, not a 404 that probes ids.
        self.scenario = get_object_or_404(Scenario, pk=kwargs["pk"])
        if request.GET.get("export"):
            # A large export runs as a background job that keeps only the query string: name the scenario there.
            request.GET = request.GET.copy()
            request.GET["scenario"] = str(self.scenario.pk)
        else:
            runs.fill_on_first_use(self.scenario, request.user)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not hasattr(self, "scenario"):  # the background export job (portal/lists/exports.py) calls no get()
            scenario_id = self.request.GET.get("scenario", "")
            self.scenario = get_object_or_404(Scenario, pk=scenario_id if scenario_id.isdigit() else None)
        difference = ExpressionWrapper(F("cost") - F("standard_cost"), output_field=DIFFERENCE)
        # No percentage of a zero base cost: shown empty, not as an impossible figure.
        percent = Case(When(standard_cost=0, then=Value(None)),
                       default=ExpressionWrapper(difference * 100 / F("standard_cost"), output_field=DIFFERENCE),
                       output_field=DIFFERENCE)
        return ProductCost.objects.filter(scenario=self.scenario).annotate(difference=difference,
                                                                          difference_percent=percent)

    def row_css(self, row) -> str:
        return "table-warning" if row.margin_percent is not None and \
            row.margin_percent < self.scenario.margin_threshold else ""

    def get_extra_context(self) -> dict:
        return {**run_context(self.request, self.scenario), "scenario": self.scenario,
                "part_costs": self.scenario.part_costs.all(), "unit_changes": self.scenario.unit_changes.all()}
