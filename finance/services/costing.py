"""Roll up every product's material cost (standard or a what-if scenario) and store it for the pages and API."""

from __future__ import annotations

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


@transaction.atomic
def refresh(scenario: Scenario | None = None, data: CostingData | None = None) -> int:
    """Recompute and store the roll-up of every finished good with a BOM; returns the number of products."""
    data = data or read_costing_data()
    standard = CostModel(data.boms, data.costs)
    model = standard if scenario is None else CostModel(data.boms, cost_maps(data, scenario))
    now = timezone.now()
    rows = []
    for number, info in data.parts.items():
        if info.part_type != "FG" or number not in data.boms:
            continue
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
    ProductCost.objects.filter(scenario=scenario).delete()
    ProductCost.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def structure(part_number: str, scenario: Scenario | None = None) -> tuple[CostStructure, CostingData]:
    data = read_costing_data()
    return CostModel(data.boms, cost_maps(data, scenario)).structure(part_number), data
