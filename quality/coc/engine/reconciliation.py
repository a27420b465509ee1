"""How a lot's quantities on a job reconcile on the Certificate of Compliance (plain values, no Django).

Per lot of a component moved on the job:

* Starting = what the job took from the lot (issued)
* Packaged = what went into the job's good output (relieved)
* Ending = what of it came back from the job (de-issued: returned to stock at the job's facility). Not the lot's
  stock today: other jobs move the same lot, and a certificate must add up on its own.
* Loss = Starting − Packaged − Ending (recorded scrap is part of it), so every row reads
  Starting = Packaged + Ending + Loss
* Loss % = Loss ÷ Starting × 100 (0 when nothing was issued)
* Yield cost = Loss × the lot's unit cost

A component's row adds up its lots; the job's loss % is weighted by cost (quantities of different units cannot be
added): total yield cost ÷ total starting cost × 100.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LotFigures:
    part_number: str
    description: str
    uom: str
    unit_cost: Decimal
    lot_number: str | None  # None: the part is not lot-controlled (or this is a component's total)
    starting: Decimal
    packaged: Decimal
    ending: Decimal
    scrap_recorded: Decimal = ZERO

    @property
    def loss(self) -> Decimal:
        return self.starting - self.packaged - self.ending

    @property
    def loss_percent(self) -> Decimal:
        return self.loss / self.starting * HUNDRED if self.starting else ZERO

    @property
    def yield_cost(self) -> Decimal:
        return self.loss * self.unit_cost

    @property
    def starting_cost(self) -> Decimal:
        return self.starting * self.unit_cost

    def as_dict(self) -> dict[str, str | None]:
        """Stored with an issued certificate (decimals as text: exact, and JSON has no decimal)."""
        return {"part_number": self.part_number, "description": self.description, "uom": self.uom,
                "unit_cost": str(self.unit_cost), "lot_number": self.lot_number, "starting": str(self.starting),
                "packaged": str(self.packaged), "ending": str(self.ending),
                "scrap_recorded": str(self.scrap_recorded)}

    @classmethod
    def from_dict(cls, row: dict) -> LotFigures:
        return cls(row["part_number"], row.get("description", ""), row.get("uom", ""),
                   Decimal(row.get("unit_cost") or 0), row.get("lot_number"), Decimal(row["starting"]),
                   Decimal(row["packaged"]), Decimal(row["ending"]), Decimal(row.get("scrap_recorded") or 0))


def component_total(lots: list[LotFigures]) -> LotFigures:
    """One component's row: its lots' quantities added up (the ratios are recomputed from the sums)."""
    first = lots[0]
    return LotFigures(
        first.part_number, first.description, first.uom, first.unit_cost, None,
        sum((x.starting for x in lots), ZERO), sum((x.packaged for x in lots), ZERO),
        sum((x.ending for x in lots), ZERO), sum((x.scrap_recorded for x in lots), ZERO),
    )


@dataclass(frozen=True)
class JobTotals:
    yield_cost: Decimal
    starting_cost: Decimal

    @property
    def loss_percent(self) -> Decimal:
        return self.yield_cost / self.starting_cost * HUNDRED if self.starting_cost else ZERO


def job_totals(components: Iterable[LotFigures]) -> JobTotals:
    components = list(components)
    return JobTotals(sum((c.yield_cost for c in components), ZERO), sum((c.starting_cost for c in components), ZERO))
