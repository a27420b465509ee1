"""Material availability of a product (ERP or local BOM) for a quantity: reads the ERP (stock, open POs) for the
parts of the exploded BOM only and runs finance.engine.availability with the MRP netting rules."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum

from erp.models import InventoryLot, PurchaseOrderLine
from erp.models.parts import LotStatus
from finance.engine.availability import Availability, PoReceipt, availability
from finance.services.erp_data import read_costing_data

ZERO = Decimal(0)


class UnknownProduct(LookupError):
    """Neither an ERP part with an active BOM nor an active local BOM."""


def _parts_below(product: str, boms) -> set[str]:
    seen: set[str] = set()
    todo = [product]
    while todo:
        for line in boms.get(todo.pop(), ()):
            if line.component not in seen:
                seen.add(line.component)
                todo.append(line.component)
    return seen


def material_availability(product: str, quantity: Decimal) -> tuple[Availability, dict[str, str]]:
    """The availability and the descriptions of the parts in it. Raises UnknownProduct, BomCycleError."""
    product = product.strip().upper()
    data = read_costing_data()
    if product not in data.boms:
        raise UnknownProduct(product)
    parts = _parts_below(product, data.boms)
    stock: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    # The MRP's stock rules: approved and pending-QC lots count, lots on hold do not.
    for part, status, total in (InventoryLot.objects.filter(part_id__in=parts, status__in=[
            LotStatus.APPROVED, LotStatus.PENDING_QC]).values_list("part_id", "status")
            .annotate(total=Sum("quantity")).order_by()):
        stock[part][0 if status == LotStatus.APPROVED else 1] += total or ZERO
    receipts: dict[str, list[PoReceipt]] = defaultdict(list)
    for part, po, line, due, open_quantity in (PurchaseOrderLine.objects.open().filter(part_id__in=parts)
                                               .annotate(open_quantity=F("quantity_ordered") - F("quantity_received"))
                                               .values_list("part_id", "purchase_order_id", "line_number", "due_date",
                                                            "open_quantity")):
        receipts[part].append(PoReceipt(po, line, due, open_quantity))
    result = availability(product, quantity, data.boms, {p: (a, q) for p, (a, q) in stock.items()}, receipts)
    return result, {number: info.description for number, info in data.parts.items() if number in parts}
