"""The cost roll-up engine: plain Python, no Django. Inputs are mappings and dataclasses, results are dataclasses.

Rules (issue 15):

1. A part's material cost per unit is its unit cost when it has no BOM; when it has one (an active ERP BOM or a
   local BOM), it is the sum over the BOM's lines of the component's material cost × quantity per × (1 + scrap
   % / 100). A component with its own BOM is rolled up through it, at every level, with that level's scrap.
2. A what-if scenario changes only the costs of parts without a BOM (the bought ones): a cost given for a part
   wins, otherwise a percentage given for the part's business unit scales its standard cost. Made parts follow.
3. A BOM that contains itself, directly or through other BOMs, cannot be costed: ``BomCycleError`` names the parts
   of the cycle in order.

Each part is rolled up once per cost map (memoised), so costing every BOM is O(BOM lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class BomLine:
    component: str
    quantity_per: Decimal
    scrap_percent: Decimal = ZERO

    @property
    def gross_quantity(self) -> Decimal:
        """Quantity per parent unit including the expected scrap."""
        return self.quantity_per * (ONE + self.scrap_percent / HUNDRED)


class BomCycleError(ValueError):
    """A BOM that uses itself. ``cycle`` lists the parts in order, the first one repeated at the end."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__("BOM cycle: " + " -> ".join(self.cycle))


class MissingCostError(KeyError):
    """A component that is neither costed nor built from a BOM (unknown part number)."""


@dataclass(slots=True)
class ExplodedLine:
    level: int  # 1 for the product's own BOM lines
    path: tuple[str, ...]  # parents from the product down to this line's parent
    component: str
    quantity_per: Decimal
    scrap_percent: Decimal
    quantity: Decimal  # per unit of the product, scrap of every level included
    unit_cost: Decimal  # the component's material cost per unit (rolled up when it is made)
    made: bool  # the component has its own BOM (its cost is the sum of the lines below it)

    @property
    def extended_cost(self) -> Decimal:
        return self.quantity * self.unit_cost


@dataclass(slots=True)
class CostStructure:
    part: str
    unit_cost: Decimal
    lines: list[ExplodedLine] = field(default_factory=list)

    def by_level(self) -> dict[int, Decimal]:
        """Cost of the bought components per level at which they enter (sums to the unit cost)."""
        levels: dict[int, Decimal] = {}
        for line in self.lines:
            if not line.made:
                levels[line.level] = levels.get(line.level, ZERO) + line.extended_cost
        return dict(sorted(levels.items()))

    def by_component(self) -> list[tuple[str, Decimal, Decimal]]:
        """(bought component, quantity per product unit, cost per product unit), costliest first."""
        totals: dict[str, list[Decimal]] = {}
        for line in self.lines:
            if not line.made:
                entry = totals.setdefault(line.component, [ZERO, ZERO])
                entry[0] += line.quantity
                entry[1] += line.extended_cost
        return sorted(((part, q, c) for part, (q, c) in totals.items()), key=lambda x: (-x[2], x[0]))


class CostModel:
    """BOMs per part and unit costs of bought parts; rolls up and explodes with memoised material costs."""

    def __init__(self, boms: Mapping[str, Sequence[BomLine]], costs: Mapping[str, Decimal]) -> None:
        self.boms = boms
        self.costs = costs
        self._memo: dict[str, Decimal] = {}
        self._depth: dict[str, int] = {}

    def unit_cost(self, part: str) -> Decimal:
        """Material cost per unit of a part (rule 1)."""
        cost = self._memo.get(part)
        if cost is None:
            cost = self._roll(part, [])
        return cost

    def depth(self, part: str) -> int:
        """BOM levels under a part: 0 without a BOM, 1 when its components are all bought, and so on."""
        found = self._depth.get(part)
        if found is None:
            self.unit_cost(part)  # raises on a cycle
            lines = self.boms.get(part)
            found = 1 + max((self.depth(line.component) for line in lines), default=0) if lines is not None else 0
            self._depth[part] = found
        return found

    def cost_of_lines(self, lines: Iterable[BomLine], parent: str = "") -> Decimal:
        """Material cost per unit of a BOM given by its lines (e.g. an inactive revision), sub-BOMs rolled up."""
        path = [parent] if parent else []
        return sum((self._cost(line.component, path) * line.gross_quantity for line in lines), ZERO)

    def _cost(self, part: str, path: list[str]) -> Decimal:
        cost = self._memo.get(part)
        return cost if cost is not None else self._roll(part, path)

    def _roll(self, part: str, path: list[str]) -> Decimal:
        if part in path:
            raise BomCycleError([*path[path.index(part):], part])
        lines = self.boms.get(part)
        if lines is None:
            try:
                cost = self.costs[part]
            except KeyError:
                raise MissingCostError(part) from None
        else:
            path.append(part)
            cost = sum((self._cost(line.component, path) * line.gross_quantity for line in lines), ZERO)
            path.pop()
        self._memo[part] = cost
        return cost

    def structure(self, part: str, lines: Sequence[BomLine] | None = None) -> CostStructure:
        """Every line of the exploded BOM (depth first, in BOM order) with quantities per unit of ``part``."""
        top = self.boms.get(part) if lines is None else lines
        result = CostStructure(part, ZERO)
        if top is None:
            result.unit_cost = self.unit_cost(part)
            return result
        result.unit_cost = self.cost_of_lines(top, part)  # raises on a cycle before exploding

        def walk(bom: Sequence[BomLine], level: int, path: tuple[str, ...], factor: Decimal) -> None:
            for line in bom:
                quantity = factor * line.gross_quantity
                below = self.boms.get(line.component)
                result.lines.append(ExplodedLine(level, path, line.component, line.quantity_per, line.scrap_percent,
                                                 quantity, self.unit_cost(line.component), below is not None))
                if below is not None:
                    walk(below, level + 1, (*path, line.component), quantity)

        walk(top, 1, (part,), ONE)
        return result


def scenario_costs(standard: Mapping[str, Decimal], business_units: Mapping[str, str | None],
                   part_costs: Mapping[str, Decimal], unit_percents: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The cost map of a what-if scenario (rule 2): per-part costs win over business-unit percentages."""
    costs = dict(standard)
    if unit_percents:
        for part, cost in standard.items():
            percent = unit_percents.get(business_units.get(part) or "")
            if percent is not None:
                costs[part] = cost * (ONE + percent / HUNDRED)
    costs.update(part_costs)
    return costs


def margin(price: Decimal | None, cost: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """(margin per unit, margin % of the price); None without a price, % None for a zero price."""
    if price is None:
        return None, None
    amount = price - cost
    return amount, (amount / price * HUNDRED if price else None)
