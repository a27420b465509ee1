"""Open purchase orders: ordered, received and open quantities, late lines marked."""

from __future__ import annotations

from django.db.models import DecimalField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from erp.filters import OpenPoFilter
from erp.models import PurchaseOrderLine
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import VIEW_PO

QTY = DecimalField(max_digits=18, decimal_places=6)


def open_po_lines():
    open_qty = ExpressionWrapper(F("quantity_ordered") - F("quantity_received"), output_field=QTY)
    return (
        PurchaseOrderLine.objects.open()
        .select_related("purchase_order", "vendor", "part")
        .annotate(open_qty=open_qty,
                  open_value=ExpressionWrapper(open_qty * F("unit_cost"), output_field=QTY))
    )


def _days_late(line) -> int | None:
    late = (timezone.localdate() - line.due_date).days
    return late if late > 0 else None


class OpenPoListView(PortalListView):
    permission_required = VIEW_PO
    title = gettext_lazy("Open purchase orders")
    intro = gettext_lazy("Open PO lines from the ERP. Open = ordered − received; lines past their due date are red.")
    filterset_class = OpenPoFilter
    default_sort = "due_date"
    tiebreak = "id"
    export_name = "open-pos"
    columns = (
        Column("purchase_order_id", gettext_lazy("PO"), sort="purchase_order_id", width=12, css="text-nowrap"),
        Column("line_number", gettext_lazy("Line"), kind="int", sort="line_number", width=6),
        Column("vendor.name", gettext_lazy("Vendor"), sort="vendor__name", width=28),
        Column("part_id", gettext_lazy("Part"), sort="part_id", width=16, css="text-nowrap"),
        Column("part.description", gettext_lazy("Description"), sort="part__description", width=36),
        Column("quantity_ordered", gettext_lazy("Ordered"), kind="decimal", sort="quantity_ordered"),
        Column("quantity_received", gettext_lazy("Received"), kind="decimal", sort="quantity_received"),
        Column("open_qty", gettext_lazy("Open"), kind="decimal", sort="open_qty"),
        Column("part.uom", gettext_lazy("UoM"), width=6, css="text-nowrap"),
        Column("unit_cost", gettext_lazy("Unit cost"), kind="money", sort="unit_cost"),
        Column("open_value", gettext_lazy("Open value"), kind="money", sort="open_value"),
        Column("due_date", gettext_lazy("Due"), kind="date", sort="due_date"),
        Column("days_late", gettext_lazy("Days late"), kind="int", getter=_days_late, width=9),
        Column("purchase_order.facility", gettext_lazy("Facility"), sort="purchase_order__facility",
               width=8, css="text-nowrap"),
    )

    def get_queryset(self):
        return open_po_lines()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.today = timezone.localdate()

    def row_css(self, row) -> str:
        return "table-danger" if row.due_date < self.today else ""
