"""Material availability of a product for a quantity, and two BOM revisions of a product side by side."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finance.engine.costing import BomCycleError, CostModel, MissingCostError
from finance.services.availability import UnknownProduct, material_availability
from finance.services.erp_data import read_costing_data, revisions_of
from portal.access import capability_required
from portal.roles import VIEW_COSTING

MAX_QUANTITY = Decimal("1000000000")


class AvailabilityForm(forms.Form):
    product = forms.CharField(label=gettext_lazy("Product"), max_length=40)
    quantity = forms.DecimalField(label=gettext_lazy("Quantity"), min_value=Decimal("0.0001"),
                                  max_value=MAX_QUANTITY, max_digits=18, decimal_places=4)


@capability_required(VIEW_COSTING)
def availability_page(request):
    form = AvailabilityForm(request.GET or None)
    context = {"form": form, "title": _("Material availability")}
    if form.is_bound and form.is_valid():
        product, quantity = form.cleaned_data["product"], form.cleaned_data["quantity"]
        try:
            result, descriptions = material_availability(product, quantity)
        except UnknownProduct:
            form.add_error("product", _("%(part)s has no active BOM in the ERP and no local BOM.")
                           % {"part": product.strip().upper()})
        except BomCycleError as error:
            context["error"] = error
        else:
            context.update(result=result, rows=[(line, descriptions.get(line.part, "")) for line in result.lines])
    return render(request, "finance/availability.html", context)


def _revision_lines(part_number: str):
    data = read_costing_data(all_revisions=True)
    revisions = {rev: (bom_id, lines) for bom_id, (parent, rev, lines) in data.revisions.items()
                 if parent == part_number}
    return data, revisions


@capability_required(VIEW_COSTING)
def compare_revisions(request, part_number: str):
    """Two revisions of a product's ERP BOM: cost per unit of each and the lines that differ."""
    headers = revisions_of(part_number)
    if not headers:
        raise Http404
    names = [h.revision for h in headers]
    active = [h.revision for h in headers if h.active]
    left = request.GET.get("a") if request.GET.get("a") in names else (names[-2] if len(names) > 1 else names[0])
    right = request.GET.get("b") if request.GET.get("b") in names else (active[-1] if active else names[-1])
    data, revisions = _revision_lines(part_number)
    model = CostModel(data.boms, data.costs)
    context = {"title": _("BOM revisions of %(part)s") % {"part": part_number}, "part_number": part_number,
               "revisions": headers, "a": left, "b": right,
               "description": data.parts[part_number].description if part_number in data.parts else ""}
    try:
        sides = {}
        for key, revision in (("a", left), ("b", right)):
            lines = revisions.get(revision, (None, []))[1]
            sides[key] = {line.component: line for line in lines}
            context[f"cost_{key}"] = model.cost_of_lines(lines, part_number)
    except (BomCycleError, MissingCostError) as error:
        context["error"] = error
        return render(request, "finance/compare.html", context)
    rows = []
    for component in sorted(set(sides["a"]) | set(sides["b"])):
        a, b = sides["a"].get(component), sides["b"].get(component)
        unit = model.unit_cost(component)
        cost_a = unit * a.gross_quantity if a else Decimal(0)
        cost_b = unit * b.gross_quantity if b else Decimal(0)
        changed = (a is None or b is None or a.quantity_per != b.quantity_per or a.scrap_percent != b.scrap_percent)
        rows.append({"component": component, "description": data.parts[component].description
                     if component in data.parts else "", "a": a, "b": b, "cost_a": cost_a, "cost_b": cost_b,
                     "difference": cost_b - cost_a, "changed": changed,
                     "status": _("added") if a is None else _("removed") if b is None else
                     _("changed") if changed else _("same")})
    context["rows"] = rows
    context["difference"] = context["cost_b"] - context["cost_a"]
    return render(request, "finance/compare.html", context)


