"""The thin adapter: reads the engine's inputs from the ERP models in a fixed number of queries (six).

Only plain values are read (``values_list``), never model instances, so 30,000 open lines cost one query and
a few tuples each.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum

from erp.models import BomHeader, BomLine, InventoryLot, Job, LotStatus, Part, PurchaseOrderLine, SalesOrderLine
from mrp.engine.allocation import ZERO, BomComponent, MrpInput, OpenJob, OrderLine, Stock


def open_order_lines() -> list[OrderLine]:
    rows = SalesOrderLine.objects.open().values_list(
        "id", "sales_order_id", "line_number", "part_id", "due_date", "quantity_ordered", "quantity_shipped",
        "customer_id", "customer__name", "unit_price", "business_unit", "facility", "part__description",
    )
    return [
        OrderLine(id=pk, so_number=so, line_number=n, part_number=part, due_date=due, open_quantity=ordered - shipped,
                  customer_code=customer, customer_name=name or "", unit_price=price or ZERO,
                  business_unit=bu or "", facility=facility or "", description=description or "")
        for pk, so, n, part, due, ordered, shipped, customer, name, price, bu, facility, description in rows
    ]


def stock_by_part() -> dict[str, Stock]:
    """Approved and pending-QC quantity on hand per part, over every facility (HOLD stock is not usable)."""
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    rows = (InventoryLot.objects.filter(status__in=[LotStatus.APPROVED, LotStatus.PENDING_QC])
            .values_list("part_id", "status").annotate(total=Sum("quantity")).order_by())
    for part, status, total in rows:
        totals[part][0 if status == LotStatus.APPROVED else 1] += _decimal(total)
    return {part: Stock(approved, pending) for part, (approved, pending) in totals.items()}


def open_jobs() -> list[OpenJob]:
    rows = Job.objects.open().filter(quantity_required__gt=F("quantity_completed")).values_list(
        "job_number", "part_id", "quantity_required", "quantity_completed", "created_date")
    return [OpenJob(number, part, required - completed, created) for number, part, required, completed, created
            in rows]


def latest_active_boms() -> dict[str, list[BomComponent]]:
    """Components of each part's latest active BOM revision (latest effective date, then revision, then id).

    Two queries: the (few) active headers pick the revision, then the lines carry only what the engine needs.
    """
    chosen: dict[str, tuple] = {}
    for bom_id, parent, effective, revision in BomHeader.objects.active().values_list(
            "id", "parent_id", "effective_date", "revision"):
        key = (effective, revision, bom_id)
        if parent not in chosen or key > chosen[parent]:
            chosen[parent] = key
    parent_of = {key[2]: parent for parent, key in chosen.items()}
    boms: dict[str, list[BomComponent]] = defaultdict(list)
    rows = BomLine.objects.filter(bom__active=True).values_list(
        "bom_id", "component_id", "quantity_per", "scrap_percent").order_by("bom_id", "sequence", "id")
    for bom_id, component, quantity_per, scrap in rows:
        parent = parent_of.get(bom_id)
        if parent is not None:
            boms[parent].append(BomComponent(component, quantity_per, scrap or ZERO))
    return dict(boms)


def open_po_by_part() -> dict[str, Decimal]:
    rows = (PurchaseOrderLine.objects.open().values_list("part_id")
            .annotate(open=Sum(F("quantity_ordered") - F("quantity_received"))).order_by())
    return {part: _decimal(total) for part, total in rows if total}


def read_input() -> MrpInput:
    return MrpInput(lines=open_order_lines(), stock=stock_by_part(), jobs=open_jobs(), boms=latest_active_boms(),
                    open_po=open_po_by_part())


def part_details(part_numbers) -> dict[str, tuple[str, str]]:
    """(description, unit of measure) of the given parts; chunked, as SQL Server takes at most 2,100 parameters."""
    wanted = sorted(set(part_numbers))
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 2000):
        rows = Part.objects.filter(part_number__in=wanted[start:start + 2000]).values_list(
            "part_number", "description", "uom")
        found.update({pk: (description, uom) for pk, description, uom in rows})
    return found


def _decimal(value) -> Decimal:
    """Sums come back as Decimal from most backends, as float from SQLite: never let binary noise in."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))
