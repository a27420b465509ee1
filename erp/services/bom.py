"""Bills of materials read from the ERP: active revisions, component costs, multi-level explosion, where-used.

Costs: the requirement of a component per parent unit is ``quantity per × (1 + scrap % / 100)`` and its extended
cost is that requirement × the component's unit cost (the same rule MRP uses for needs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from erp.models import BomHeader, BomLine, Part

HUNDRED = Decimal(100)


def active_boms() -> QuerySet[BomHeader]:
    """The revision production uses now: active, and the latest effective one should the ERP show two."""
    newer = BomHeader.objects.filter(
        parent=OuterRef("parent"), active=True, effective_date__gt=OuterRef("effective_date")
    )
    return BomHeader.objects.filter(active=True).filter(~Exists(newer))


def active_bom_lines() -> QuerySet[BomLine]:
    return BomLine.objects.filter(bom__in=active_boms()).select_related("bom__parent", "component")


def requirement_per_unit(quantity_per: Decimal, scrap_percent: Decimal) -> Decimal:
    return quantity_per * (1 + (scrap_percent or 0) / HUNDRED)


@dataclass(frozen=True)
class ComponentCost:
    line: BomLine
    requirement: Decimal  # per parent unit, scrap included
    extended_cost: Decimal


def component_costs(bom: BomHeader) -> tuple[list[ComponentCost], Decimal]:
    """The BOM's components with their extended cost, and the total material cost per parent unit."""
    rows = []
    for line in bom.lines.select_related("component").order_by("sequence", "id"):
        requirement = requirement_per_unit(line.quantity_per, line.scrap_percent)
        rows.append(ComponentCost(line, requirement, requirement * line.component.unit_cost))
    return rows, sum((r.extended_cost for r in rows), Decimal(0))


@dataclass
class ExplodedRow:
    level: int  # 1 = direct component of the top part
    component: Part
    quantity_per: Decimal
    scrap_percent: Decimal
    total_quantity: Decimal  # per top-level unit(s), scrap of every level included
    extended_cost: Decimal  # leaves only; sub-assemblies are costed through their components
    has_bom: bool
    path: tuple[str, ...] = field(default=())
    cycle: bool = False


def explode(part_number: str, quantity: Decimal = Decimal(1), max_depth: int = 12) -> list[ExplodedRow]:
    """Multi-level explosion of the active BOMs below ``part_number``, depth first as a planner reads it.

    One query per level (not per row). A component whose own BOM leads back to an ancestor is marked ``cycle``
    and not expanded again, so bad ERP data cannot loop forever.
    """
    children: dict[str, list[BomLine]] = {}
    frontier = {part_number}
    seen: set[str] = set()
    for _level in range(max_depth):
        frontier -= seen
        if not frontier:
            break
        seen |= frontier
        lines = active_bom_lines().filter(bom__parent__in=frontier).order_by("sequence", "id")
        next_frontier = set()
        for line in lines:
            children.setdefault(line.bom.parent_id, []).append(line)
            next_frontier.add(line.component_id)
        frontier = next_frontier

    rows: list[ExplodedRow] = []

    def walk(parent: str, multiplier: Decimal, level: int, path: tuple[str, ...]) -> None:
        for line in children.get(parent, []):
            total = multiplier * requirement_per_unit(line.quantity_per, line.scrap_percent)
            component = line.component
            cycle = component.part_number in path
            has_bom = component.part_number in children
            rows.append(ExplodedRow(
                level=level, component=component, quantity_per=line.quantity_per,
                scrap_percent=line.scrap_percent, total_quantity=total,
                extended_cost=Decimal(0) if has_bom and not cycle else total * component.unit_cost,
                has_bom=has_bom, path=path + (component.part_number,), cycle=cycle,
            ))
            if has_bom and not cycle and level < max_depth:
                walk(component.part_number, total, level + 1, path + (component.part_number,))

    walk(part_number, quantity, 1, (part_number,))
    return rows


def where_used(component_part_number: str) -> QuerySet[BomLine]:
    """Active BOM lines that consume the component (one level up)."""
    return active_bom_lines().filter(component_id=component_part_number)
