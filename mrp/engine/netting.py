"""The MRP netting rules, shared by the MRP run (mrp/engine/allocation.py) and Finance's material availability
(finance/engine/availability.py): plain Python, no Django.

- A BOM line needs quantity per × (1 + scrap % / 100) of its component per parent unit; a component listed on
  several lines needs the sum (:func:`merged_needs`).
- A component's supply is its approved stock + its pending-QC stock + its open purchase-order quantity, less what
  earlier demands took (held in a mutable ``[approved, pending QC, PO]`` list per part).
- A demand takes approved stock first, then pending QC, then open POs (:func:`take`); what the supply does not
  cover is the shortfall (:func:`shortfall`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

Supply = list[Decimal]  # [approved, pending QC, open PO] left for a part: mutated as demands take from it


def need_per_unit(quantity_per: Decimal, scrap_percent: Decimal) -> Decimal:
    return quantity_per * (HUNDRED + scrap_percent) / HUNDRED if scrap_percent else quantity_per


def compact(value: Decimal) -> Decimal:
    """The same number without trailing zeros (2.2550000 -> 2.255), never in exponent form (10, not 1E+1)."""
    value = value.normalize()
    # Only a whole number can come out in exponent form; to_integral_value is cheaper than as_tuple.
    return value if value != value.to_integral_value() else value.quantize(ONE)


def merged_needs(lines: Iterable[tuple[str, Decimal, Decimal]]) -> list[tuple[str, Decimal]]:
    """(part, need per unit) per distinct component of (part, quantity per, scrap %) lines, by part number."""
    needs: dict[str, Decimal] = {}
    for part, quantity_per, scrap_percent in lines:
        need = quantity_per * (HUNDRED + scrap_percent) / HUNDRED if scrap_percent else quantity_per
        if need > 0:
            before = needs.get(part)
            needs[part] = need if before is None else before + need
    return sorted((part, compact(need)) for part, need in needs.items())


def new_supply(approved: Decimal = ZERO, pending_qc: Decimal = ZERO, open_po: Decimal = ZERO) -> Supply:
    return [max(approved, ZERO), max(pending_qc, ZERO), max(open_po, ZERO)]


def take(quantity: Decimal, supply: Supply) -> tuple[Decimal, Decimal, Decimal]:
    """Take ``quantity`` (at most the supply) from approved, then pending QC, then open POs; returns the three
    amounts taken and lowers ``supply`` by them."""
    if quantity <= supply[0]:
        supply[0] -= quantity
        return quantity, ZERO, ZERO
    approved = supply[0]
    pending = min(quantity - approved, supply[1])
    po = quantity - approved - pending
    supply[0] = ZERO
    supply[1] -= pending
    supply[2] -= po
    return approved, pending, po


def give_back(taken: tuple[Decimal, Decimal, Decimal], supply: Supply) -> None:
    """Undo a :func:`take` (the amounts it returned go back where they came from)."""
    supply[0] += taken[0]
    supply[1] += taken[1]
    supply[2] += taken[2]


def shortfall(required: Decimal, supply_before: Decimal) -> Decimal:
    return max(ZERO, required - supply_before)
