"""BOM viewer: active BOM lines (searchable, exportable), one BOM's costed components, its multi-level
explosion, and where a component is used."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import DecimalField, ExpressionWrapper, F, Value
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erp.filters import BomLineFilter, WhereUsedFilter
from erp.models import BomHeader
from erp.services.bom import active_bom_lines, active_boms, component_costs, explode
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import VIEW_BOM

MONEY = DecimalField(max_digits=20, decimal_places=6)


def costed_bom_lines():
    # quantity per × (1 + scrap/100), written so that SQLite cannot fall into integer division
    requirement = ExpressionWrapper(
        F("quantity_per") + F("quantity_per") * F("scrap_percent") * Value(Decimal("0.01")), output_field=MONEY
    )
    return active_bom_lines().annotate(
        requirement=requirement,
        extended_cost=ExpressionWrapper(requirement * F("component__unit_cost"), output_field=MONEY),
    )


def _bom_url(line) -> str:
    return reverse("erp:bom-detail", args=[line.bom_id])


def _where_used_url(line) -> str:
    return f"{reverse('erp:bom-where-used')}?component={line.component_id}"


class BomListView(PortalListView):
    permission_required = VIEW_BOM
    title = gettext_lazy("Bills of materials")
    intro = gettext_lazy(
        "Active, latest-revision BOMs from the ERP, one row per component. Extended cost = quantity per × "
        "(1 + scrap % ÷ 100) × component unit cost."
    )
    filterset_class = BomLineFilter
    default_sort = "bom.parent_id"
    tiebreak = "id"
    export_name = "boms"
    columns = (
        Column("bom.parent_id", gettext_lazy("Parent part"), sort="bom__parent_id", link=_bom_url,
               width=18, css="text-nowrap"),
        Column("bom.parent.description", gettext_lazy("Parent description"), sort="bom__parent__description",
               width=36),
        Column("bom.revision", gettext_lazy("Rev."), sort="bom__revision", width=6, css="text-nowrap"),
        Column("sequence", gettext_lazy("Seq."), kind="int", sort="sequence", width=6),
        Column("component_id", gettext_lazy("Component"), sort="component_id", link=_where_used_url,
               width=18, css="text-nowrap"),
        Column("component.description", gettext_lazy("Component description"), sort="component__description",
               width=36),
        Column("quantity_per", gettext_lazy("Qty per"), kind="decimal", sort="quantity_per"),
        Column("scrap_percent", gettext_lazy("Scrap %"), kind="percent", sort="scrap_percent"),
        Column("component.uom", gettext_lazy("UoM"), width=6, css="text-nowrap"),
        Column("component.unit_cost", gettext_lazy("Unit cost"), kind="money", sort="component__unit_cost"),
        Column("extended_cost", gettext_lazy("Extended cost"), kind="money", sort="extended_cost"),
    )

    def get_queryset(self):
        return costed_bom_lines()


class WhereUsedView(PortalListView):
    permission_required = VIEW_BOM
    title = gettext_lazy("Where used")
    intro = gettext_lazy("Active BOMs that consume a component, one level up.")
    filterset_class = WhereUsedFilter
    default_sort = "bom.parent_id"
    tiebreak = "id"
    export_name = "where-used"
    # The BOM list's own columns, less those that describe the component (it is the one searched for).
    columns = tuple(c for c in BomListView.columns if c.key in {
        "bom.parent_id", "bom.parent.description", "bom.revision", "quantity_per", "scrap_percent", "extended_cost",
    })

    def get_queryset(self):
        return costed_bom_lines()


def _quantity(request) -> Decimal:
    try:
        value = Decimal(request.GET.get("qty", "1"))
    except InvalidOperation:
        return Decimal(1)
    return value if Decimal(0) < value <= Decimal(10) ** 9 else Decimal(1)


@capability_required(VIEW_BOM)
def bom_detail(request, pk: int):
    bom = get_object_or_404(BomHeader.objects.select_related("parent"), pk=pk)
    components, total = component_costs(bom)
    revisions = BomHeader.objects.filter(parent_id=bom.parent_id).order_by("-effective_date")
    return render(request, "erp/bom_detail.html", {
        "bom": bom, "components": components, "total_cost": total, "revisions": revisions,
        "is_current": active_boms().filter(pk=bom.pk).exists(),
        "title": _("BOM %(part)s rev. %(rev)s") % {"part": bom.parent_id, "rev": bom.revision},
    })


@capability_required(VIEW_BOM)
def bom_exploded(request, pk: int):
    bom = get_object_or_404(BomHeader.objects.select_related("parent"), pk=pk)
    quantity = _quantity(request)
    rows = explode(bom.parent_id, quantity)
    total = sum((row.extended_cost for row in rows), Decimal(0))
    return render(request, "erp/bom_exploded.html", {
        "bom": bom, "rows": rows, "quantity": quantity, "total_cost": total,
        "title": _("Exploded BOM of %(part)s") % {"part": bom.parent_id},
    })
