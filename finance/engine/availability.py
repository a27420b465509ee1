"""Material availability of a product for a quantity: plain Python, no Django.

The BOM is exploded level by level and every component is netted with the MRP engine's rules (mrp/engine/netting.py):
need = quantity per × (1 + scrap %) per parent unit, taken from approved stock, then pending-QC stock, then open
POs; what they do not cover is short. A made component (with its own BOM) is first taken from its own stock; only
the rest has to be built and is exploded into its components. A part used in several places shares one supply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from finance.engine.costing import BomCycleError, BomLine
from mrp.engine import netting

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PoReceipt:
    po_number: str
    line_number: int
    due_date: dt.date
    open_quantity: Decimal


@dataclass(slots=True)
class AvailabilityLine:
    level: int
    path: tuple[str, ...]  # the parents, from the product down
    part: str
    made: bool  # has its own BOM: what its stock does not cover is built from the lines below it
    required: Decimal  # for the asked quantity, scrap of every level included
    supply_before: Decimal  # approved + pending QC + open PO left by earlier lines
    from_approved: Decimal = ZERO
    from_pending_qc: Decimal = ZERO
    from_po: Decimal = ZERO
    to_build: Decimal = ZERO  # made parts: the quantity exploded below
    shortfall: Decimal = ZERO  # bought parts: what nothing covers
    receipts: list[PoReceipt] = field(default_factory=list)  # the open PO lines this line waits for
    ready_on: dt.date | None = None  # when the last PO it waits for is due (None: covered by stock, or short)

    @property
    def short(self) -> bool:
        return self.shortfall > 0


@dataclass
class Availability:
    product: str
    quantity: Decimal
    lines: list[AvailabilityLine]

    @property
    def shortages(self) -> list[AvailabilityLine]:
        return [line for line in self.lines if line.short]

    @property
    def buildable_now(self) -> bool:
        """Everything is covered by approved and pending-QC stock (no PO to wait for, nothing short)."""
        return not any(line.short or line.from_po > 0 for line in self.lines)

    @property
    def ready_on(self) -> dt.date | None:
        """The day the last PO needed is due, when POs cover everything; None when something is short."""
        if self.shortages:
            return None
        return max((line.ready_on for line in self.lines if line.ready_on), default=None)


def availability(product: str, quantity: Decimal, boms: Mapping[str, Sequence[BomLine]],
                 stock: Mapping[str, tuple[Decimal, Decimal]], open_po: Mapping[str, Sequence[PoReceipt]]
                 ) -> Availability:
    """Explode ``product``'s BOM for ``quantity`` units and net every component (see the module docstring).

    ``stock``: (approved, pending QC) per part; ``open_po``: open PO lines per part, any order.
    """
    receipts = {part: sorted(lines, key=lambda r: (r.due_date, r.po_number, r.line_number))
                for part, lines in open_po.items()}
    supplies: dict[str, netting.Supply] = {}
    po_used: dict[str, Decimal] = {}
    result: list[AvailabilityLine] = []

    def supply_of(part: str) -> netting.Supply:
        found = supplies.get(part)
        if found is None:
            approved, pending = stock.get(part, (ZERO, ZERO))
            po = sum((r.open_quantity for r in receipts.get(part, ())), ZERO)
            found = supplies[part] = netting.new_supply(approved, pending, po)
        return found

    def waits_for(part: str, quantity_from_po: Decimal) -> list[PoReceipt]:
        """The PO lines (earliest due first) that deliver this line's share, after earlier lines' shares."""
        start = po_used.get(part, ZERO)
        end = start + quantity_from_po
        po_used[part] = end
        found, cumulative = [], ZERO
        for receipt in receipts.get(part, ()):
            if cumulative >= end:
                break
            if cumulative + receipt.open_quantity > start:
                found.append(receipt)
            cumulative += receipt.open_quantity
        return found

    def explode(parent: str, build: Decimal, level: int, path: tuple[str, ...]) -> None:
        lines = boms.get(parent) or ()
        for part, need in netting.merged_needs((ln.component, ln.quantity_per, ln.scrap_percent) for ln in lines):
            if part in path:
                raise BomCycleError([*path[path.index(part):], part])
            required = build * need
            supply = supply_of(part)
            before = supply[0] + supply[1] + supply[2]
            line = AvailabilityLine(level, path, part, part in boms, required, before)
            result.append(line)
            covered = min(required, before)
            line.from_approved, line.from_pending_qc, line.from_po = netting.take(covered, supply)
            if line.from_po > 0:
                line.receipts = waits_for(part, line.from_po)
                line.ready_on = max(r.due_date for r in line.receipts) if line.receipts else None
            rest = required - covered
            if rest > 0 and line.made:
                line.to_build = rest
                explode(part, rest, level + 1, (*path, part))
            else:
                line.shortfall = netting.shortfall(required, before)

    check_cycles(product, boms)  # also where stock covers a sub-assembly and its BOM is never opened
    explode(product, quantity, 1, (product,))
    return Availability(product, quantity, result)


def check_cycles(product: str, boms: Mapping[str, Sequence[BomLine]]) -> None:
    """Raise BomCycleError naming the parts of the first cycle under ``product`` (each BOM walked once)."""
    done: set[str] = set()

    def walk(part: str, path: list[str]) -> None:
        if part in path:
            raise BomCycleError([*path[path.index(part):], part])
        if part in done or part not in boms:
            return
        path.append(part)
        for line in boms[part]:
            walk(line.component, path)
        path.pop()
        done.add(part)

    walk(product, [])
