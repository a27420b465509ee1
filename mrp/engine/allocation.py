"""The MRP allocation engine: plain Python, no Django. Inputs are dataclasses, the result is dataclasses.

The rules (issue 5, "Engine rules"):

1. Open sales-order lines are taken by due date, then SO number, then line number.
2. Each line takes, from what earlier lines left, the part's approved stock, then its pending-QC stock, then the
   remaining quantity of open jobs of that part (oldest job first). Finished goods are whole units: a line asks
   for ceil(open quantity) units and stock or job remainders give only whole units.
3. The remainder r needs new production. Per BOM component, need per unit = quantity per × (1 + scrap % / 100),
   supply = what earlier lines left of approved + pending QC + open PO. Pass 1: producible p = min over the
   components of floor(supply / need per unit), capped at r (no BOM: p = 0, bottleneck "no BOM"). Pass 2: the line
   takes only p × need per unit of each component (approved, then pending QC, then PO), so a line buildable only
   in part does not hold components it cannot use. The bottleneck is the component limiting p (ties: lowest
   supply/need ratio, then part number); a line with p = r has none.
4. Status: r = 0 -> READY_TO_SHIP (approved stock covered it), PENDING_QC (approved + pending QC covered it) or
   JOB_CREATED; r > 0 -> FULL_PRODUCTION_READY (p = r), PARTIAL_SHIP (approved stock allocated),
   PARTIAL_PRODUCTION_READY (p > 0) or CRITICAL_SHORTAGE.
5. Shortfall of a component on a line = max(0, r × need per unit - its supply before the line).

The netting rules (need per unit, supply, the order stock is taken in) are in mrp/engine/netting.py, shared with
Finance's material availability.

Everything is O(lines × components) with dictionaries keyed by part number.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from math import ceil, floor

from mrp.engine import netting

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
NOTHING = (ZERO, ZERO, ZERO)  # nothing taken (approved, pending QC, PO)
NO_BOM = "no BOM"  # the bottleneck of a part without an active BOM (a marker, translated by the pages)


class Status(StrEnum):
    READY_TO_SHIP = "READY_TO_SHIP"
    PENDING_QC = "PENDING_QC"
    JOB_CREATED = "JOB_CREATED"
    FULL_PRODUCTION_READY = "FULL_PRODUCTION_READY"
    PARTIAL_SHIP = "PARTIAL_SHIP"
    PARTIAL_PRODUCTION_READY = "PARTIAL_PRODUCTION_READY"
    CRITICAL_SHORTAGE = "CRITICAL_SHORTAGE"


ON_TRACK = frozenset({Status.READY_TO_SHIP, Status.PENDING_QC, Status.JOB_CREATED, Status.FULL_PRODUCTION_READY})
AT_RISK = frozenset({Status.PARTIAL_SHIP, Status.PARTIAL_PRODUCTION_READY})
CRITICAL = frozenset({Status.CRITICAL_SHORTAGE})


# --- inputs ------------------------------------------------------------------------------------------------------
# Read-only by convention, not frozen: a frozen dataclass is ~5x slower to build, and 100,000 are built per run.
@dataclass(slots=True)
class OrderLine:
    id: int
    so_number: str
    line_number: int
    part_number: str
    due_date: dt.date
    open_quantity: Decimal
    customer_code: str = ""
    customer_name: str = ""
    unit_price: Decimal = ZERO
    business_unit: str = ""
    facility: str = ""
    description: str = ""


@dataclass(slots=True)
class Stock:
    approved: Decimal = ZERO
    pending_qc: Decimal = ZERO


@dataclass(slots=True)
class OpenJob:
    job_number: str
    part_number: str
    remaining: Decimal
    created_date: dt.date


@dataclass(slots=True)
class BomComponent:
    part_number: str
    quantity_per: Decimal
    scrap_percent: Decimal = ZERO

    @property
    def need_per_unit(self) -> Decimal:
        return netting.need_per_unit(self.quantity_per, self.scrap_percent)


@dataclass(frozen=True)
class MrpInput:
    lines: Sequence[OrderLine]
    stock: Mapping[str, Stock] = field(default_factory=dict)  # finished goods and components alike, per part
    jobs: Sequence[OpenJob] = ()
    boms: Mapping[str, Sequence[BomComponent]] = field(default_factory=dict)  # latest active revision per part
    open_po: Mapping[str, Decimal] = field(default_factory=dict)  # open PO quantity per part

    def sizes(self) -> dict[str, int]:
        return {"lines": len(self.lines), "stock_parts": len(self.stock), "jobs": len(self.jobs),
                "boms": len(self.boms), "bom_lines": sum(len(c) for c in self.boms.values()),
                "po_parts": len(self.open_po)}


# --- results -----------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class ComponentResult:
    part_number: str
    need_per_unit: Decimal
    required: Decimal  # r × need per unit
    supply_before: Decimal  # approved + pending QC + PO left by earlier lines
    from_approved: Decimal
    from_pending_qc: Decimal
    from_po: Decimal
    shortfall: Decimal
    bottleneck: bool = False


# A component row as the engine builds it: a plain tuple in ComponentResult's field order (a tuple costs a
# fraction of a dataclass instance, and the store reads 175,000 of them at 30,000 lines).
ComponentRow = tuple[str, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, bool]


@dataclass(slots=True)
class LineResult:
    line: OrderLine
    quantity: int  # whole units asked for
    from_approved: int
    from_pending_qc: int
    from_jobs: int
    remainder: int  # r
    producible: int  # p
    status: Status
    bottleneck: str | None  # component part number, NO_BOM, or None
    rows: list[ComponentRow]  # the components, as tuples (see ``components``)

    @property
    def components(self) -> list[ComponentResult]:
        return [ComponentResult(*row) for row in self.rows]

    @property
    def value(self) -> Decimal:
        return self.line.unit_price * self.quantity


@dataclass(slots=True)
class Shortage:
    part_number: str
    shortfall: Decimal
    on_hand: Decimal  # approved + pending QC before the run
    open_po: Decimal
    customers: list[str]
    so_numbers: list[str]
    earliest_due: dt.date
    lines: int


# --- the run -----------------------------------------------------------------------------------------------------
def _whole_down(value: Decimal) -> int:
    return floor(value) if value > 0 else 0


def _merged(components: Iterable[BomComponent]) -> list[tuple[str, Decimal]]:
    """(part, need per unit) per distinct component; a component listed twice needs the sum of its lines."""
    return netting.merged_needs((c.part_number, c.quantity_per, c.scrap_percent) for c in components)


compact = netting.compact


def run(data: MrpInput) -> list[LineResult]:
    """Allocate stock, jobs and components to every open line; results in allocation order."""
    # The run creates a few hundred thousand small objects and no reference cycles: the cyclic garbage
    # collector would only rescan them again and again (measured: it doubled the run time at 30,000 lines).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(data)
    finally:
        if enabled:
            gc.enable()


def _run(data: MrpInput) -> list[LineResult]:
    # Mutable left-overs per part: [approved, pending QC, PO].
    left: dict[str, netting.Supply] = {}
    for part, stock in data.stock.items():
        left[part] = netting.new_supply(stock.approved, stock.pending_qc)
    for part, quantity in data.open_po.items():
        left.setdefault(part, [ZERO, ZERO, ZERO])[2] = max(quantity, ZERO)

    jobs_by_part: dict[str, list[list]] = defaultdict(list)
    for job in sorted(data.jobs, key=lambda j: (j.created_date, j.job_number)):
        if job.remaining > 0:
            jobs_by_part[job.part_number].append([job.remaining])
    # Each BOM line holds its component's mutable left-overs directly: no dictionary look-up per line.
    boms = {part: [(component, need, left.setdefault(component, [ZERO, ZERO, ZERO]))
                   for component, need in _merged(components)]
            for part, components in data.boms.items()}
    take, give_back, shortfall = netting.take, netting.give_back, netting.shortfall
    short: set[str] = set()  # parts whose BOM did not cover a line's remainder

    results: list[LineResult] = []
    for line in sorted(data.lines, key=lambda x: (x.due_date, x.so_number, x.line_number)):
        if line.open_quantity <= 0:
            continue
        part_number = line.part_number
        wanted = ceil(line.open_quantity)
        from_approved = from_pending = from_jobs = 0
        fg = left.get(part_number)
        if fg is not None and (fg[0] >= 1 or fg[1] >= 1):  # whole units only: less than one unit gives nothing
            from_approved = min(wanted, _whole_down(fg[0]))
            from_pending = min(wanted - from_approved, _whole_down(fg[1]))
            fg[0] -= from_approved
            fg[1] -= from_pending
        r = wanted - from_approved - from_pending
        if r and part_number in jobs_by_part:
            for job in jobs_by_part[part_number]:
                units = min(r, _whole_down(job[0]))
                if units:
                    job[0] -= units
                    from_jobs += units
                    r -= units
                    if not r:
                        break

        rows: list[ComponentRow] = []
        bottleneck: str | None = None
        p = 0
        if r:
            bom = boms.get(part_number)
            if not bom:
                bottleneck = NO_BOM
            else:
                # Most lines can be built whole: each component takes r × need as soon as it is found to cover it
                # (one pass). At the first one that does not, those takes are given back and the line is
                # allocated in two passes: the limit p, then p × need per component (a line buildable only in
                # part does not hold components it cannot use). Supplies only shrink during a run, so a part
                # found short once goes straight to the two passes from then on.
                if part_number not in short:
                    for part, need, stock in bom:
                        supply = stock[0] + stock[1] + stock[2]
                        required = need * r
                        if supply < required:
                            for row, (_part, _need, held) in zip(rows, bom, strict=False):  # rows: the first ones
                                give_back(row[4:7], held)
                            rows.clear()
                            short.add(part_number)
                            break
                        rows.append((part, need, required, supply, *take(required, stock), ZERO, False))
                    else:
                        p = r
                if p != r:
                    limiting: tuple | None = None
                    found = []
                    for part, need, stock in bom:
                        supply = stock[0] + stock[1] + stock[2]
                        required = need * r
                        if supply < required:
                            key = (int(supply // need), supply / need, part)
                            if limiting is None or key < limiting:  # parts are unique per BOM
                                limiting = key
                        found.append((part, need, stock, required, supply))
                    p, _ratio, bottleneck = limiting or (r, None, None)
                    for part, need, stock, required, supply in found:
                        taken = (take(required if p == r else need * p, stock)) if p else NOTHING
                        rows.append((part, need, required, supply, *taken, shortfall(required, supply),
                                     part == bottleneck))

        if not r:
            if from_approved == wanted:
                status = Status.READY_TO_SHIP
            elif from_approved + from_pending == wanted:
                status = Status.PENDING_QC
            else:
                status = Status.JOB_CREATED
        elif p == r:
            status = Status.FULL_PRODUCTION_READY
        elif from_approved:
            status = Status.PARTIAL_SHIP
        elif p:
            status = Status.PARTIAL_PRODUCTION_READY
        else:
            status = Status.CRITICAL_SHORTAGE
        results.append(LineResult(line, wanted, from_approved, from_pending, from_jobs, r, p, status, bottleneck,
                                  rows))
    return results


def shortage_report(results: Iterable[LineResult], stock: Mapping[str, Stock],
                    open_po: Mapping[str, Decimal]) -> list[Shortage]:
    """Shortfalls summed per component over the given lines, most urgent first (earliest due, then largest)."""
    found: dict[str, Shortage] = {}
    customers: dict[str, set[str]] = defaultdict(set)
    orders: dict[str, set[str]] = defaultdict(set)
    for result in results:
        line = result.line
        for row in result.rows:
            if row[7] <= 0:  # the shortfall
                continue
            part = row[0]
            entry = found.get(part)
            if entry is None:
                on_hand = stock.get(part, Stock())
                entry = found[part] = Shortage(part, ZERO, on_hand.approved + on_hand.pending_qc,
                                               open_po.get(part, ZERO), [], [], line.due_date, 0)
            entry.shortfall += row[7]
            entry.lines += 1
            entry.earliest_due = min(entry.earliest_due, line.due_date)
            customers[part].add(line.customer_code)
            orders[part].add(line.so_number)
    for part, entry in found.items():
        entry.customers = sorted(customers[part])
        entry.so_numbers = sorted(orders[part])
    return sorted(found.values(), key=lambda s: (s.earliest_due, -s.shortfall, s.part_number))


def status_counts(results: Iterable[LineResult]) -> dict[str, int]:
    counts = dict.fromkeys(Status, 0)
    for result in results:
        counts[result.status] += 1
    return {str(status): count for status, count in counts.items()}
