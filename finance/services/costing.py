"""Roll up every product's material cost (standard or a what-if scenario) and store it for the pages and API."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from finance.engine.costing import CostModel, CostStructure, margin, scenario_costs
from finance.models import ProductCost, Scenario
from finance.services.erp_data import CostingData, read_costing_data

CENT = Decimal("0.01")
UNIT = Decimal("0.0001")


def cost_maps(data: CostingData, scenario: Scenario | None) -> dict[str, Decimal]:
    """The bought parts' costs of a scenario (the ERP's standard costs when ``scenario`` is None)."""
    if scenario is None:
        return data.costs
    parts = {row.part_number: row.unit_cost for row in scenario.part_costs.all()}
    units = {row.business_unit: row.percent for row in scenario.unit_changes.all()}
    return scenario_costs(data.costs, data.business_units, parts, units)


def _q(value: Decimal | None, step: Decimal = UNIT) -> Decimal | None:
    return None if value is None else value.quantize(step)


def products(data: CostingData) -> list[str]:
    """The products a roll-up covers: every finished good with a BOM (ERP or local)."""
    return [number for number, info in data.parts.items() if info.part_type == "FG" and number in data.boms]


def compute(scenario: Scenario | None, data: CostingData,
            progress: Callable[[int, int], None] | None = None) -> list[ProductCost]:
    """The unsaved roll-up rows; ``progress(done, total)`` is called every few products (outside any transaction,
    so a page polling the run sees it move)."""
    standard = CostModel(data.boms, data.costs)
    model = standard if scenario is None else CostModel(data.boms, cost_maps(data, scenario))
    now = timezone.now()
    numbers = products(data)
    step = max(1, len(numbers) // 50)
    rows = []
    for done, number in enumerate(numbers, start=1):
        info = data.parts[number]
        base, cost = standard.unit_cost(number), model.unit_cost(number)
        amount, percent = margin(info.unit_price, cost)
        rows.append(ProductCost(
            scenario=scenario, part_number=number, description=info.description[:200],
            business_unit=info.business_unit or "", levels=standard.depth(number), local=info.local,
            list_price=info.unit_price,
            erp_cost=info.unit_cost, standard_cost=_q(base), cost=_q(cost), margin=_q(amount),
            margin_percent=_q(percent, CENT), standard_margin_percent=_q(margin(info.unit_price, base)[1], CENT),
            computed_at=now,
        ))
        if progress is not None and (done % step == 0 or done == len(numbers)):
            progress(done, len(numbers))
    return rows


@transaction.atomic
def store(scenario: Scenario | None, rows: list[ProductCost]) -> int:
    """Replace the stored roll-up of ``scenario`` at once: readers see the old rows or the new, never half."""
    ProductCost.objects.filter(scenario=scenario).delete()
    ProductCost.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def refresh(scenario: Scenario | None = None, data: CostingData | None = None) -> int:
    """Recompute and store the roll-up of every finished good with a BOM; returns the number of products."""
    return store(scenario, compute(scenario, data or read_costing_data()))


def structure(part_number: str, scenario: Scenario | None = None) -> tuple[CostStructure, CostingData]:
    data = read_costing_data()
    return CostModel(data.boms, cost_maps(data, scenario)).structure(part_number), data
