"""Sheet inventory: receipts, adjustments, deductions of runs, and the low-stock notification that clears itself.

The low-stock check runs whenever an item is saved (a movement, a minimum changed in the admin, an item created or
imported: ``item_saved``, connected in apps.py) and on a clock (``check_all_stock``, beat every 6 hours: a
notification someone resolved by hand comes back while the item is still low)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications
from portal.roles import LASER_LOG_RUNS, LASER_MANAGE

from ..models import InventoryItem, LaserRun, StockMovement

LOW_STOCK = "laser.low_stock"  # the kind (declared on LaserConfig.notification_kinds)
# Operators see it too: they are the ones at the rack when it runs out.
STOCK_AUDIENCE = [LASER_MANAGE, LASER_LOG_RUNS]


class StockRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def check_stock_level(item: InventoryItem) -> None:
    """Raise the item's low-stock notification while it is below its minimum (or below zero); clear it otherwise
    (and for an item no longer stocked: deactivated)."""
    if not item.active:
        notifications.clear_condition(LOW_STOCK, item)
        return
    if item.quantity < 0:
        title = _("%(item)s is below zero: %(qty)s sheets (count the rack)") % {"item": item, "qty": item.quantity}
        level = "critical"
    elif item.quantity < item.minimum:
        title = _("%(item)s is low: %(qty)s sheets, minimum %(min)s") % {
            "item": item, "qty": item.quantity, "min": item.minimum}
        level = "warning"
    else:
        notifications.clear_condition(LOW_STOCK, item)
        return
    notifications.raise_notification("laser.low_stock", item, title=title, level=level,
                                     permissions=STOCK_AUDIENCE, url=reverse("laser:inventory"))


def item_saved(sender, instance: InventoryItem, raw: bool = False, **kwargs) -> None:
    """Every save of an item, whoever makes it (a movement, the admin, an import): its stock level and the
    material blocks of its sheet are checked again (post_save, connected in apps.py)."""
    if raw:  # loaddata
        return
    from .material import key_of, refresh_blocks

    check_stock_level(instance)
    refresh_blocks({key_of(instance)})


def check_all_stock() -> dict:
    """The clock's pass (beat, every 6 hours): every item's level and every approved project's material."""
    from .material import refresh_blocks

    items = 0
    for item in InventoryItem.objects.all().iterator():
        check_stock_level(item)
        items += 1
    return {"items": items, "blocked": refresh_blocks(None)}


def _move(item_id: int, delta: int, kind: str, *, user=None, reason: str = "", run: LaserRun | None = None,
          at=None) -> StockMovement:
    item = InventoryItem.objects.select_for_update().get(pk=item_id)  # the row lock serialises parallel runs
    item.quantity += delta
    item.save(update_fields=["quantity", "updated_at"])
    # Saving the item checked its level and its sheet's material blocks (item_saved).
    return StockMovement.objects.create(item=item, kind=kind, quantity=delta, balance_after=item.quantity,
                                        reason=reason, run=run, user=user, at=at or timezone.now())


@transaction.atomic
def receive(item: InventoryItem, sheets: int, *, user, reason: str = "") -> StockMovement:
    """Sheets delivered to the rack."""
    if sheets <= 0:
        raise StockRefused(_("A receipt adds at least one sheet."))
    return _move(item.pk, sheets, StockMovement.Kind.RECEIPT, user=user, reason=reason.strip())


@transaction.atomic
def adjust(item: InventoryItem, delta: int, *, user, reason: str) -> StockMovement:
    """A correction after counting the rack (scrap, miscount); the reason is required."""
    if not (reason or "").strip():
        raise StockRefused(_("Say why the count changes."))
    if delta == 0:
        raise StockRefused(_("An adjustment changes the count by at least one sheet."))
    return _move(item.pk, delta, StockMovement.Kind.ADJUSTMENT, user=user, reason=reason.strip())


def item_for(material_type: str, thickness_mm, sheet_size: str) -> InventoryItem:
    """The inventory item of a sheet; created at zero when the shop never stocked it (the run is not refused)."""
    item, _created = InventoryItem.objects.get_or_create(
        material_type=material_type, thickness_mm=thickness_mm, sheet_size=sheet_size)
    return item


def deduct_for_run(run: LaserRun, *, user) -> StockMovement:
    """Inside end_run's transaction: the run's sheets leave the matching item."""
    item = item_for(run.material_type, run.thickness_mm, run.sheet_size)
    return _move(item.pk, -run.sheets_used, StockMovement.Kind.RUN, user=user, run=run, at=run.ended_at,
                 reason=str(run.project))
