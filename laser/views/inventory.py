"""Sheet inventory: the stock list (low rows marked), receipts and adjustments with a reason, the movements."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView

from ..apps import MANAGE
from ..filters import InventoryFilter, MovementFilter
from ..forms import StockMoveForm
from ..models import InventoryItem, StockMovement
from ..services import inventory
from . import ShopZoneMixin, in_shop_zone


def _move_url(item) -> str:
    return reverse("laser:stock-move", args=[item.pk])


class InventoryListView(ShopZoneMixin, PortalListView):
    permission_required = MANAGE
    title = gettext_lazy("Sheet inventory")
    intro = gettext_lazy("Sheets on hand per material, thickness and size. Ending a run deducts its sheets; rows "
                         "below their minimum are marked and raise a notification until stock is back.")
    filterset_class = InventoryFilter
    default_sort = "material_label"
    tiebreak = "pk"
    export_name = "laser-inventory"
    template_name = "laser/inventory.html"
    columns = (
        Column("material_label", gettext_lazy("Material"), sort="material_type", width=18,
               getter=lambda i: i.get_material_type_display(), link=_move_url),
        Column("thickness_mm", gettext_lazy("Thickness (mm)"), kind="decimal", sort="thickness_mm"),
        Column("sheet_size", gettext_lazy("Sheet size"), sort="sheet_size"),
        Column("quantity", gettext_lazy("Sheets on hand"), kind="int", sort="quantity"),
        Column("minimum", gettext_lazy("Minimum"), kind="int", sort="minimum"),
    )

    def get_queryset(self):
        return InventoryItem.objects.filter(active=True)

    def row_css(self, row) -> str:
        if row.quantity < 0:
            return "table-danger"
        return "table-warning" if row.quantity < row.minimum else ""


class MovementListView(ShopZoneMixin, PortalListView):
    permission_required = MANAGE
    title = gettext_lazy("Stock movements")
    filterset_class = MovementFilter
    default_sort = "-at"
    export_name = "laser-stock-movements"
    columns = (
        Column("at", gettext_lazy("Time"), kind="datetime", sort="at"),
        Column("item", gettext_lazy("Item"), getter=lambda m: str(m.item), width=30),
        Column("kind_label", gettext_lazy("Kind"), getter=lambda m: m.get_kind_display(), sort="kind"),
        Column("quantity", gettext_lazy("Sheets"), kind="int", sort="quantity"),
        Column("balance_after", gettext_lazy("On hand after"), kind="int"),
        Column("reason", gettext_lazy("Reason"), width=30),
        Column("user.username", gettext_lazy("User")),
    )

    def get_queryset(self):
        return StockMovement.objects.select_related("item", "user", "run__project")


@in_shop_zone
@capability_required(MANAGE)
def stock_move(request, pk: int):
    """A receipt or an adjustment of one item."""
    item = get_object_or_404(InventoryItem, pk=pk)
    form = StockMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == "receipt":
                movement = inventory.receive(item, data["sheets"], user=request.user, reason=data["reason"])
            else:
                movement = inventory.adjust(item, data["sheets"], user=request.user, reason=data["reason"])
        except inventory.StockRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("%(item)s: %(qty)s sheets on hand.") % {
                "item": item, "qty": movement.balance_after})
            return redirect("laser:inventory")
    recent = item.movements.select_related("user", "run__project")[:15]
    return render(request, "laser/stock_move.html", {"item": item, "form": form, "recent": recent})
