"""Read the costing inputs from the ERP contract (read only): parts, active BOMs and every BOM revision; the
portal's active local BOMs are added as products of their own (marked ``local``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from erp.models import BomHeader, BomLine, Part
from finance.engine.costing import BomLine as Line
from finance.models import LocalBom, LocalBomLine


@dataclass
class PartInfo:
    description: str
    part_type: str
    unit_cost: Decimal
    unit_price: Decimal | None
    business_unit: str | None
    local: bool = False  # a product of a local BOM (finance.LocalBom), not in the ERP's BOMs


@dataclass
class CostingData:
    parts: dict[str, PartInfo]
    boms: dict[str, list[Line]]  # active revision per parent part
    revisions: dict[int, tuple[str, str, list[Line]]] = field(default_factory=dict)  # id -> (parent, rev, lines)

    @property
    def costs(self) -> dict[str, Decimal]:
        return {number: info.unit_cost for number, info in self.parts.items()}

    @property
    def business_units(self) -> dict[str, str | None]:
        return {number: info.business_unit for number, info in self.parts.items()}


def read_costing_data(*, all_revisions: bool = False) -> CostingData:
    """One query each for parts, active BOM headers and BOM lines (active revisions, or all with ``all_revisions``)."""
    parts = {
        number: PartInfo(description, part_type, cost, price, unit)
        for number, description, part_type, cost, price, unit in Part.objects.values_list(
            "part_number", "description", "part_type", "unit_cost", "unit_price", "business_unit")
    }
    # The latest active revision per parent is the one production uses (as in the MRP adapter).
    current: dict[str, tuple] = {}
    for bom_id, parent, effective, revision in BomHeader.objects.filter(active=True).values_list(
            "id", "parent_id", "effective_date", "revision"):
        if parent not in current or (effective, revision) > current[parent][1:]:
            current[parent] = (bom_id, effective, revision)
    chosen = {entry[0] for entry in current.values()}
    lines = BomLine.objects.order_by("bom_id", "sequence").values_list(
        "bom_id", "bom__parent_id", "bom__revision", "bom__active", "component_id", "quantity_per", "scrap_percent")
    if not all_revisions:
        lines = lines.filter(bom__active=True)
    boms: dict[str, list[Line]] = defaultdict(list)
    revisions: dict[int, tuple[str, str, list[Line]]] = {}
    for bom_id, parent, revision, active, component, quantity, scrap in lines:
        line = Line(component, quantity, scrap)
        if active and bom_id in chosen:
            boms[parent].append(line)
        if all_revisions:
            revisions.setdefault(bom_id, (parent, revision, []))[2].append(line)
    add_local_boms(parts, boms)
    return CostingData(parts, dict(boms), revisions)


def add_local_boms(parts: dict[str, PartInfo], boms: dict[str, list[Line]]) -> None:
    """Active local BOMs as products (two queries). An ERP part with no BOM of its own may be given a local one."""
    local = {bom.pk: bom for bom in LocalBom.objects.filter(active=True)}
    if not local:
        return
    for bom in local.values():
        erp = parts.get(bom.part_number)
        price = bom.list_price if bom.list_price is not None else (erp.unit_price if erp else None)
        parts[bom.part_number] = PartInfo(bom.description or (erp.description if erp else ""), "FG",
                                          erp.unit_cost if erp else Decimal(0), price,
                                          bom.business_unit or (erp.business_unit if erp else None), local=True)
        boms[bom.part_number] = []
    for bom_id, component, quantity, scrap in LocalBomLine.objects.filter(bom_id__in=local).order_by(
            "bom_id", "sequence", "pk").values_list("bom_id", "component", "quantity_per", "scrap_percent"):
        boms[local[bom_id].part_number].append(Line(component, quantity, scrap))


def revisions_of(part_number: str) -> list[BomHeader]:
    return list(BomHeader.objects.filter(parent_id=part_number).order_by("revision"))
