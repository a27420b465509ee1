"""Deterministic, realistic demo ERP data. Plain Python: no Django, no database.

``generate(seed, scale, today)`` returns the rows of every contract view (column order in ``COLUMNS``), internally
consistent: every reference resolves, sales lines are for finished goods, BOM parents are finished goods and
their lines components, each BOM parent has 1–3 revisions of which the latest is active, jobs build open order
lines where they can, transactions move the job BOM's components from lots that exist, shipments cover the past
365 days with value = quantity × price. Some purchase lines are late, some lots are on hold or pending QC, some
finished goods have no BOM, and popular components are short so MRP has shortages to show.

Dates are relative to ``today``, so the demo always looks current; the same seed, scale and day give the same data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from . import vocabulary as vocab
from .contract import COLUMNS, VIEWS
from .plant import FACILITIES, LINES, DemoLine

DEFAULT_SEED = 20240601

# Row counts at scale 1 (facilities and lines never scale). "bom_headers" counts BOM revisions.
VOLUMES: dict[str, int] = {
    "customers": 200,
    "vendors": 60,
    "parts": 2000,
    "bom_headers": 1500,
    "open_so_lines": 3000,
    "closed_so_lines": 4500,
    "open_po_lines": 800,
    "closed_po_lines": 1200,
    "open_jobs": 400,
    "closed_jobs": 600,
}
# Floors that keep tiny scales (tests use ~0.05) consistent: every family present, some of everything.
MINIMUMS: dict[str, int] = {
    "customers": 5, "vendors": 10, "parts": 40, "bom_headers": 10, "open_so_lines": 10, "closed_so_lines": 10,
    "open_po_lines": 5, "closed_po_lines": 5, "open_jobs": 5, "closed_jobs": 5,
}
FINISHED_GOOD_SHARE = 0.45
NO_BOM_SHARE = 0.05  # finished goods bought complete (no BOM)
MADE_SHARE = 0.04  # components made in house (sub-assemblies with their own BOM), out of all components
SUBASSEMBLY_FG_SHARE = 0.3  # finished goods whose BOM uses a sub-assembly (a multi-level BOM)



@dataclass
class Dataset:
    """Rows per view, each a tuple in ``COLUMNS[view]`` order."""

    seed: int | None
    scale: float | None
    today: dt.date
    tables: dict[str, list[tuple]]

    def counts(self) -> dict[str, int]:
        return {view: len(self.tables.get(view, ())) for view in VIEWS}

    def rows(self, view: str) -> list[dict]:
        """The rows of one view as dicts (handy in tests; the writer uses the tuples)."""
        columns = COLUMNS[view]
        return [dict(zip(columns, row, strict=True)) for row in self.tables[view]]


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0, today: dt.date | None = None) -> Dataset:
    if not scale > 0:
        raise ValueError("scale must be greater than zero")
    today = today or dt.date.today()
    tables = _Generator(seed, scale, today).run()
    return Dataset(seed=seed, scale=scale, today=today, tables=tables)


# --- internals ----------------------------------------------------------------------------------------------
ZERO = Decimal(0)


def _dec(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


@dataclass(eq=False)
class _Component:
    number: str
    family: vocab.ComponentFamily
    description: str
    cost: float
    business_unit: str
    vendor: str = ""
    facilities: list[str] = field(default_factory=list)
    lots: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (receipt, lot number, facility)
    used: bool = False
    recipe: list[tuple[_Component, float, float]] | None = None  # made in house: its BOM (one revision)
    bom_id: int = 0


@dataclass(eq=False)
class _Revision:
    id: int
    letter: str
    effective: dt.date
    lines: list[tuple[_Component, float, float]]  # component, quantity per, scrap %
    active: bool = False


@dataclass(eq=False)
class _FinishedGood:
    number: str
    description: str
    business_unit: str
    case_count: int
    line: DemoLine
    typical_qty: int
    active: bool = True
    cost: float = 0.0
    price: float = 0.0
    revisions: list[_Revision] = field(default_factory=list)
    vendor: str = ""  # for finished goods bought complete


@dataclass(eq=False)
class _Customer:
    code: str
    facility: str
    active: bool
    portfolio: list[_FinishedGood] = field(default_factory=list)


@dataclass(eq=False)
class _Order:
    customer: _Customer
    order_date: dt.date
    order_type: str
    facility: str
    customer_po: str | None
    number: str = ""


@dataclass(eq=False)
class _OrderLine:
    order: _Order
    line_number: int
    fg: _FinishedGood
    ordered: int
    shipped: int
    due: dt.date
    price: Decimal
    open: bool
    id: int = 0
    has_job: bool = False


@dataclass(eq=False)
class _Po:
    vendor: str
    order_date: dt.date
    facility: str
    buyer: str
    number: str = ""


class _Generator:
    def __init__(self, seed: int, scale: float, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.today = today
        self.n = {key: max(MINIMUMS[key], round(value * scale)) for key, value in VOLUMES.items()}
        self.facility_weights = [len([ln for ln in LINES if ln.facility_code == f.code]) for f in FACILITIES]

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def run(self) -> dict[str, list[tuple]]:
        self.make_vendors()
        self.make_parts()
        self.make_boms()
        self.make_customers()
        self.make_sales()
        self.make_lots()
        self.make_purchasing()
        self.make_jobs()
        return {
            "erp_customer": self.customer_rows,
            "erp_vendor": self.vendor_rows,
            "erp_part": self.part_rows(),
            "erp_inventory_lot": self.lot_rows,
            "erp_sales_order": self.order_rows,
            "erp_sales_order_line": self.order_line_rows,
            "erp_shipment": self.shipment_rows,
            "erp_bom_header": self.bom_header_rows,
            "erp_bom_line": self.bom_line_rows,
            "erp_purchase_order": self.po_rows,
            "erp_purchase_order_line": self.po_line_rows,
            "erp_job": self.job_rows,
            "erp_job_material_transaction": self.transaction_rows,
        }

    # --- parties --------------------------------------------------------------------------------------------
    def _unique_names(self, count: int, prefixes, cores, suffixes) -> list[str]:
        combos = [f"{p} {c} {s}" for p in prefixes for c in cores for s in suffixes]
        self.rng.shuffle(combos)
        names = combos[:count]
        # More parties than combinations (very large scales): number the repeats.
        for i in range(len(names), count):
            names.append(f"{combos[i % len(combos)]} #{i // len(combos) + 1}")
        return names

    def make_vendors(self) -> None:
        rng = self.rng
        families = [f.key for f in vocab.COMPONENT_FAMILIES]
        self.vendors_by_family: dict[str, list[str]] = defaultdict(list)
        self.vendor_rows = []
        used: set[str] = set()
        for i in range(self.n["vendors"]):
            code = f"V{2001 + i}"
            family = families[i % len(families)]  # every family has suppliers
            self.vendors_by_family[family].append(code)
            rank = i // len(families)
            cores = vocab.VENDOR_CORES[family]
            name = f"{vocab.VENDOR_PREFIXES[rank % len(vocab.VENDOR_PREFIXES)]} {cores[rank % len(cores)]}"
            if rank >= len(vocab.VENDOR_PREFIXES):  # very large scales: keep names distinct
                name = f"{name} {rank // len(vocab.VENDOR_PREFIXES) + 1}"
            city, region, country = rng.choice(vocab.LOCATIONS)
            if name in used:  # several families share a core word ("Printing")
                name = f"{name} of {city}"
            used.add(name)
            name = f"{name} {('Inc.', 'LLC', 'Co.', 'Corp.')[rng.randrange(4)]}"
            self.vendor_rows.append((code, name, city, region, country, rng.random() > 0.03))
        self.resale_vendors = self.vendors_by_family["container"] + self.vendors_by_family["carton"]

    def make_customers(self) -> None:
        rng = self.rng
        count = self.n["customers"]
        names = self._unique_names(count, vocab.CUSTOMER_PREFIXES, vocab.CUSTOMER_CORES, vocab.CUSTOMER_SUFFIXES)
        fgs_by_facility: dict[str, list[_FinishedGood]] = defaultdict(list)
        for fg in self.fgs:
            if fg.active:
                fgs_by_facility[fg.line.facility_code].append(fg)
        self.customers: list[_Customer] = []
        self.customer_rows = []
        for i in range(count):
            facility = rng.choices(FACILITIES, weights=self.facility_weights)[0].code
            active = i < 3 or rng.random() > 0.03
            customer = _Customer(f"C{10001 + i}", facility, active)
            pool = fgs_by_facility.get(facility) or [fg for fg in self.fgs if fg.active]
            size = min(len(pool), rng.randint(3, 14))
            customer.portfolio = rng.sample(pool, size)
            self.customers.append(customer)
            city, region, country = rng.choice(vocab.LOCATIONS)
            self.customer_rows.append((customer.code, names[i], city, region, country, active))
        # A few big accounts and a long tail (Pareto), in a shuffled order.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(count)]
        rng.shuffle(weights)
        self.customer_weights = list(itertools.accumulate(weights))
        self.active_customers = [c for c in self.customers if c.active]
        self.active_customer_weights = list(
            itertools.accumulate(w for c, w in zip(self.customers, weights, strict=True) if c.active)
        )

    # --- parts and BOMs -------------------------------------------------------------------------------------
    def make_parts(self) -> None:
        rng = self.rng
        n_fg = max(4, round(self.n["parts"] * FINISHED_GOOD_SHARE))
        n_made = max(3, round((self.n["parts"] - n_fg) * MADE_SHARE))
        n_comp = self.n["parts"] - n_fg - n_made
        families = vocab.COMPONENT_FAMILIES
        total_share = sum(f.share for f in families)
        self.components: list[_Component] = []
        self.components_by_family: dict[str, list[_Component]] = {}
        self.family_weights: dict[str, list[float]] = {}
        serial = itertools.count(100001)
        for index, family in enumerate(families):
            share = n_comp - sum(len(v) for v in self.components_by_family.values()) if index == len(families) - 1 \
                else max(2, round(n_comp * family.share / total_share))
            members = []
            for _ in range(max(2, share)):
                noun = rng.choice(family.nouns)
                qualifier = rng.choice(family.qualifiers)
                bulk = family.key in ("liquid", "powder")
                description = f"{qualifier} {noun}" if bulk else f"{noun.capitalize()} {qualifier}"
                cost = math.exp(rng.uniform(math.log(family.cost[0]), math.log(family.cost[1])))
                component = _Component(
                    f"{family.prefix}-{next(serial)}", family, description, cost, rng.choice(vocab.BUSINESS_UNITS)
                )
                component.vendor = rng.choice(self.vendors_by_family[family.key])
                members.append(component)
            self.components_by_family[family.key] = members
            self.components.extend(members)
            # Zipf popularity: a few cases, caps and films go into many BOMs, so their demand piles up.
            self.family_weights[family.key] = list(
                itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(members)))
            )
        self.make_subassemblies(n_made)

        self.fgs: list[_FinishedGood] = []
        for i in range(n_fg):
            bu = vocab.BUSINESS_UNITS[i % len(vocab.BUSINESS_UNITS)] if i < len(vocab.BUSINESS_UNITS) \
                else rng.choice(vocab.BUSINESS_UNITS)
            facility = rng.choices(FACILITIES, weights=self.facility_weights)[0].code
            line = rng.choice([ln for ln in LINES if ln.facility_code == facility])
            case_count = rng.choice(vocab.CASE_COUNTS)
            description = (
                f"{rng.choice(vocab.FG_BRANDS)} {rng.choice(vocab.FG_PRODUCTS[bu])} {rng.choice(vocab.FG_VARIANTS)} "
                f"{rng.choice(vocab.FG_SIZES)}"
            )
            typical = case_count * rng.choice((25, 50, 100, 200, 400, 800))
            fg = _FinishedGood(f"FG-{200001 + i}", description, bu, case_count, line, typical)
            fg.active = i < 4 or rng.random() > 0.02
            self.fgs.append(fg)

    def make_subassemblies(self, count: int) -> None:
        """Components made in house, each with a BOM of bought components (a kit also holds a dressed container,
        so a finished good using a kit has a BOM three levels deep). Their cost rolls up from their BOM."""
        rng = self.rng
        serial = itertools.count(700001)
        self.made: list[_Component] = []
        sizes = [max(1, round(count * family.share)) for family in vocab.MADE_FAMILIES[:-1]]
        sizes.append(max(1, count - sum(sizes)))
        for family, size in zip(vocab.MADE_FAMILIES, sizes, strict=True):  # kits last: they use dressed containers
            members = []
            for _ in range(size):
                number = f"{family.prefix}-{next(serial)}"
                if family.key == "blend":
                    base = "powder" if rng.random() < 0.3 else "liquid"
                    parts = {self._pick(base) for _ in range(rng.randint(2, 4))}
                    shares = [rng.random() + 0.3 for _ in parts]
                    recipe = [(c, round(1.02 * s / sum(shares), 4), round(rng.uniform(*c.family.scrap), 1))
                              for c, s in zip(sorted(parts, key=lambda c: c.number), shares, strict=True)]
                    description = f"{rng.choice(family.qualifiers)} {rng.choice(family.nouns)}"
                    conversion = rng.uniform(0.05, 0.3)
                elif family.key == "dressed":
                    container = self._pick("container")
                    labels = {self._pick("label") for _ in range(rng.randint(1, 2))}
                    recipe = [(c, 1.0, round(rng.uniform(*c.family.scrap), 1))
                              for c in [container, *sorted(labels, key=lambda c: c.number)]]
                    description = f"{container.description}, {rng.choice(family.nouns)}"
                    conversion = rng.uniform(0.01, 0.05)
                else:
                    dressed = rng.choice(self.components_by_family["dressed"])
                    recipe = [(dressed, 1.0, round(rng.uniform(*family.scrap), 1)),
                              (self._pick("closure"), 1.0, round(rng.uniform(0.5, 2.0), 1))]
                    if rng.random() < 0.5:
                        recipe.append((self._pick("insert"), 1.0, round(rng.uniform(1.0, 3.0), 1)))
                    description = f"{dressed.description}, {rng.choice(family.nouns)}"
                    conversion = rng.uniform(0.02, 0.08)
                cost = sum(c.cost * q * (1 + s / 100) for c, q, s in recipe) + conversion
                members.append(_Component(number, family, description[:200], cost,
                                          rng.choice(vocab.BUSINESS_UNITS), recipe=recipe))
            self.components_by_family[family.key] = members
            self.family_weights[family.key] = list(itertools.accumulate(1.0 for _ in members))
            self.made.extend(members)
        self.components.extend(self.made)

    def _with_subassembly(self, lines: list[tuple[_Component, float, float]]) -> list[tuple[_Component, float, float]]:
        """The recipe with its bulk, or its container and labels (and closure), replaced by a made component."""
        rng = self.rng
        kind = rng.choices(("blend", "dressed", "kit"), weights=(40, 35, 25))[0]
        replaced = {"blend": {"liquid", "powder"}, "dressed": {"container", "label"},
                    "kit": {"container", "label", "closure"}}[kind]
        made = self._pick(kind)
        position = next(i for i, (c, _, _) in enumerate(lines) if c.family.key in replaced)
        quantity = lines[position][1] if kind == "blend" else 1.0
        kept = [line for line in lines if line[0].family.key not in replaced]
        kept.insert(min(position, len(kept)), (made, quantity, round(rng.uniform(*made.family.scrap), 1)))
        return kept

    def _pick(self, family: str) -> _Component:
        return self.rng.choices(self.components_by_family[family], cum_weights=self.family_weights[family])[0]

    def _recipe(self, fg: _FinishedGood) -> list[tuple[_Component, float, float]]:
        rng = self.rng

        def scrap(component: _Component) -> float:
            low, high = component.family.scrap
            return round(rng.uniform(low, high), 1)

        bulk = "powder" if fg.business_unit in ("Food & Beverage", "Health & Wellness") and rng.random() < 0.4 \
            else "liquid"
        plan: list[tuple[str, float]] = [
            (bulk, round(rng.uniform(0.12, 1.1), 4)),
            ("container", 1.0),
            ("closure", 1.0),
            ("label", 1.0),
        ]
        if rng.random() < 0.6:
            plan.append(("label", 1.0))
        if rng.random() < 0.3:
            plan.append(("carton", 1.0))
        plan.append(("case", round(1 / fg.case_count, 6)))
        if rng.random() < 0.5:
            plan.append(("film", round(rng.uniform(0.08, 0.6), 4)))
        plan.append(("pallet", round(1 / (fg.case_count * rng.choice((40, 60, 80, 120))), 6)))
        if rng.random() < 0.2:
            plan.append(("insert", 1.0))
        lines, seen = [], set()
        for family, qty in plan:
            component = self._pick(family)
            if component.number in seen:  # one line per component
                continue
            seen.add(component.number)
            lines.append((component, qty, scrap(component)))
        return lines

    def _revise(self, lines: list[tuple[_Component, float, float]]) -> list[tuple[_Component, float, float]]:
        """A new revision: one component swapped for another of its family, or a quantity tuned."""
        rng = self.rng
        lines = list(lines)
        index = rng.randrange(len(lines))
        component, qty, scrap = lines[index]
        if rng.random() < 0.6:
            replacement = self._pick(component.family.key)
            if replacement.number not in {c.number for c, _, _ in lines}:
                lines[index] = (replacement, qty, scrap)
                return lines
        lines[index] = (component, round(qty * rng.uniform(0.93, 1.07), 6), scrap)
        return lines

    def make_boms(self) -> None:
        rng = self.rng
        target = self.n["bom_headers"]
        fgs = list(self.fgs)
        rng.shuffle(fgs)
        no_bom = max(1, round(len(fgs) * NO_BOM_SHARE))
        target -= len(self.made)  # one revision per made component
        with_bom = fgs[no_bom:][:target]
        self.bought_fgs = fgs[:no_bom]
        # One revision each, then spread the extra revisions (at most 3 per part) to hit the target exactly.
        revisions = {fg.number: 1 for fg in with_bom}
        extra = target - len(with_bom)
        candidates = [fg.number for fg in with_bom]
        while extra > 0 and candidates:
            number = rng.choice(candidates)
            revisions[number] += 1
            extra -= 1
            if revisions[number] == 3:
                candidates.remove(number)

        header_ids = itertools.count(1)
        line_ids = itertools.count(1)
        self.bom_header_rows, self.bom_line_rows = [], []
        for fg in self.fgs:  # part order, so ids follow part numbers
            count = revisions.get(fg.number, 0)
            if not count:
                continue
            effective = self.days_ago(20, 500)
            dates = [effective]
            for _ in range(count - 1):
                dates.append(dates[-1] - dt.timedelta(days=rng.randint(60, 400)))
            lines = self._recipe(fg)
            if rng.random() < SUBASSEMBLY_FG_SHARE:
                lines = self._with_subassembly(lines)
            recipes = [lines]
            for _ in range(count - 1):
                recipes.append(self._revise(recipes[-1]))
            # recipes[0] is the newest: it is the active, latest revision.
            for position, (date, recipe) in enumerate(zip(reversed(dates), reversed(recipes), strict=True)):
                revision = _Revision(next(header_ids), "ABC"[position], date, recipe, active=position == count - 1)
                fg.revisions.append(revision)
                self.bom_header_rows.append((revision.id, fg.number, revision.letter, revision.active, date))
                for sequence, (component, qty, scrap) in enumerate(recipe, start=1):
                    component.used = True
                    if fg.line.facility_code not in component.facilities:
                        component.facilities.append(fg.line.facility_code)
                    self.bom_line_rows.append((
                        next(line_ids), revision.id, sequence * 10, component.number, _dec(qty, 6), _dec(scrap, 3),
                    ))
        for made in self.made:  # after the finished goods' BOMs, so their ids still follow part numbers
            made.bom_id = next(header_ids)
            self.bom_header_rows.append((made.bom_id, made.number, "A", True, self.days_ago(60, 700)))
            for sequence, (component, qty, scrap) in enumerate(made.recipe, start=1):
                component.used = True
                self.bom_line_rows.append((
                    next(line_ids), made.bom_id, sequence * 10, component.number, _dec(qty, 6), _dec(scrap, 3),
                ))
        for made in reversed(self.made):  # kits first: their dressed containers inherit their plants too
            for component, _, _ in made.recipe:
                for facility in made.facilities:
                    if facility not in component.facilities:
                        component.facilities.append(facility)
        # Costs roll up from the active BOM; prices carry a margin.
        for fg in self.fgs:
            if fg.revisions:
                material = sum(c.cost * q * (1 + s / 100) for c, q, s in fg.revisions[-1].lines)
                fg.cost = material + rng.uniform(0.05, 0.6)  # conversion (labour, overhead)
            else:
                fg.cost = rng.uniform(0.8, 12.0)
                fg.vendor = rng.choice(self.resale_vendors)
            fg.price = fg.cost * rng.uniform(1.3, 1.9)
        self.bom_fgs = [fg for fg in self.fgs if fg.revisions]

    def part_rows(self) -> list[tuple]:
        rows = [
            (c.number, c.description, "COMP", c.family.uom, _dec(c.cost, 4), None, c.business_unit, True)
            for c in self.components
        ]
        rows.extend(
            (fg.number, fg.description, "FG", "EA", _dec(fg.cost, 4), _dec(fg.price, 4), fg.business_unit, fg.active)
            for fg in self.fgs
        )
        return rows

    # --- sales ----------------------------------------------------------------------------------------------
    def _order_type(self) -> str:
        return self.rng.choices(("STANDARD", "BLANKET", "SAMPLE", "INTERCOMPANY"), weights=(80, 10, 5, 5))[0]

    def _quantity(self, fg: _FinishedGood) -> int:
        cases = max(1, round(fg.typical_qty / fg.case_count * self.rng.uniform(0.4, 1.8)))
        return cases * fg.case_count

    def _line_price(self, fg: _FinishedGood, order_type: str) -> Decimal:
        factor = 0.0 if order_type == "SAMPLE" and self.rng.random() < 0.5 else self.rng.uniform(0.93, 1.05)
        return _dec(fg.price * factor, 4)

    def _new_order(self, customer: _Customer, order_date: dt.date) -> _Order:
        rng = self.rng
        po = f"{rng.choice(('PO', 'P', '4500', 'REL-'))}{rng.randint(10000, 999999)}" if rng.random() < 0.9 else None
        return _Order(customer, order_date, self._order_type(), customer.facility, po)

    def make_sales(self) -> None:
        rng = self.rng
        today = self.today
        orders: list[_Order] = []
        lines: list[_OrderLine] = []
        shipments: list[tuple[dt.date, _OrderLine, int]] = []
        line_counts, line_weights = (1, 2, 3, 4, 5, 6), (30, 25, 18, 12, 9, 6)

        open_target = self.n["open_so_lines"]
        made = 0
        while made < open_target:
            customer = rng.choices(self.active_customers, cum_weights=self.active_customer_weights)[0]
            count = min(rng.choices(line_counts, weights=line_weights)[0], open_target - made, len(customer.portfolio))
            past_due = rng.random() < 0.12
            offset = -rng.randint(1, 45) if past_due else int(rng.triangular(0, 120, 12))
            order_date = max(today - dt.timedelta(days=150), today + dt.timedelta(days=offset - rng.randint(7, 60)))
            order = self._new_order(customer, min(order_date, today))
            orders.append(order)
            for number, fg in enumerate(rng.sample(customer.portfolio, count), start=1):
                due = today + dt.timedelta(days=offset + rng.randint(0, 14 if not past_due else 0))
                ordered = self._quantity(fg)
                shipped = 0
                if rng.random() < 0.15 and ordered > fg.case_count:  # partly shipped already
                    shipped = max(1, round(ordered / fg.case_count * rng.uniform(0.2, 0.8))) * fg.case_count
                    shipped = min(shipped, ordered - fg.case_count)
                price = self._line_price(fg, order.order_type)
                line = _OrderLine(order, number, fg, ordered, shipped, due, price, True)
                lines.append(line)
                if shipped:
                    ship_date = order.order_date + dt.timedelta(days=rng.randint(0, (today - order.order_date).days))
                    shipments.append((ship_date, line, shipped))
            made += count

        closed_target = self.n["closed_so_lines"]
        made = 0
        first_day = today - dt.timedelta(days=365)
        while made < closed_target:
            customer = rng.choices(self.customers, cum_weights=self.customer_weights)[0]
            count = min(rng.choices(line_counts[:4], weights=line_weights[:4])[0], closed_target - made,
                        len(customer.portfolio))
            anchor = self.days_ago(1, 365)
            plans = []
            for fg in rng.sample(customer.portfolio, count):
                ship = min(max(anchor + dt.timedelta(days=rng.randint(-3, 3)), first_day), today - dt.timedelta(days=1))
                plans.append((fg, ship, ship + dt.timedelta(days=rng.randint(-4, 6))))
            order = self._new_order(customer, min(due for _, _, due in plans) - dt.timedelta(days=rng.randint(10, 50)))
            order.order_date = min(order.order_date, min(ship for _, ship, _ in plans))
            orders.append(order)
            for number, (fg, ship, due) in enumerate(plans, start=1):
                ordered = self._quantity(fg)
                shipped = ordered
                if rng.random() < 0.05 and ordered > fg.case_count:  # short-closed
                    shipped = ordered - fg.case_count * rng.randint(1, max(1, ordered // fg.case_count - 1))
                line = _OrderLine(order, number, fg, ordered, shipped, due, self._line_price(fg, order.order_type),
                                  False)
                lines.append(line)
                if rng.random() < 0.25 and shipped > fg.case_count:  # two shipments
                    first = max(1, round(shipped / fg.case_count * rng.uniform(0.3, 0.7))) * fg.case_count
                    first = min(first, shipped - fg.case_count)
                    second = min(ship + dt.timedelta(days=rng.randint(2, 14)), today - dt.timedelta(days=1))
                    shipments.append((ship, line, first))
                    shipments.append((second, line, shipped - first))
                else:
                    shipments.append((ship, line, shipped))
            made += count

        # Numbers follow entry dates, as in an ERP.
        orders.sort(key=lambda o: o.order_date)
        for index, order in enumerate(orders):
            order.number = f"SO{300001 + index}"
        order_index = {id(order): index for index, order in enumerate(orders)}
        lines.sort(key=lambda ln: (order_index[id(ln.order)], ln.line_number))
        for index, line in enumerate(lines, start=1):
            line.id = index
        self.order_lines = lines
        self.open_lines = [ln for ln in lines if ln.open]
        self.order_rows = [
            (o.number, o.customer.code, o.order_date, o.customer_po, o.order_type, o.facility) for o in orders
        ]
        self.order_line_rows = [
            (
                ln.id, ln.order.number, ln.line_number, ln.order.customer.code, ln.fg.number, Decimal(ln.ordered),
                Decimal(ln.shipped), ln.due, ln.price, ln.order.order_type, ln.order.facility, ln.fg.business_unit,
                "OPEN" if ln.open else "CLOSED",
            )
            for ln in lines
        ]
        shipments.sort(key=lambda s: (s[0], s[1].order.number, s[1].line_number))
        slip_numbers: dict[tuple[str, dt.date], str] = {}
        self.shipment_rows = []
        for index, (ship_date, line, qty) in enumerate(shipments, start=1):
            slip = slip_numbers.setdefault((line.order.number, ship_date), f"PS{500001 + len(slip_numbers)}")
            self.shipment_rows.append((
                index, slip, ship_date, line.order.number, line.id, line.order.customer.code, line.fg.number,
                Decimal(qty), line.price, (line.price * qty).quantize(Decimal("0.01")), line.order.facility,
            ))

    # --- inventory ------------------------------------------------------------------------------------------
    def make_lots(self) -> None:
        rng = self.rng
        today = self.today
        demand: dict[str, float] = defaultdict(float)
        fg_demand: dict[str, list[int]] = defaultdict(list)
        for line in self.open_lines:
            remaining = line.ordered - line.shipped
            fg_demand[line.fg.number].append(remaining)
            if line.fg.revisions:
                for component, qty, scrap in line.fg.revisions[-1].lines:
                    demand[component.number] += remaining * qty * (1 + scrap / 100)
        self.demand = demand
        lot_ids = itertools.count(1)
        serial = itertools.count(1)
        self.lot_rows = []
        self.approved_on_hand: dict[str, float] = defaultdict(float)

        def add_lot(number: str, facility: str, qty: float, status: str, receipt: dt.date, uom: str) -> str:
            lot = f"L{receipt:%y%m%d}-{next(serial):05d}"
            quantity = Decimal(max(1, round(qty))) if uom == "EA" else _dec(max(qty, 0.01), 2)
            self.lot_rows.append((next(lot_ids), number, lot, facility, quantity, status, receipt))
            if status == "APPROVED":
                self.approved_on_hand[number] += float(quantity)
            return lot

        def status_and_date() -> tuple[str, dt.date]:
            roll = rng.random()
            if roll < 0.85:
                return "APPROVED", self.days_ago(3, 240)
            if roll < 0.95:
                return "PENDING_QC", self.days_ago(0, 10)
            return "HOLD", self.days_ago(10, 120)

        for component in self.components:
            if not component.used and rng.random() < 0.5:
                continue
            facilities = component.facilities or [rng.choice(FACILITIES).code]
            need = demand.get(component.number, 0.0)
            roll = rng.random()
            # Popular components run short often: that is what the MRP pages are for.
            factor = rng.uniform(0.1, 0.6) if roll < 0.15 else rng.uniform(0.6, 1.0) if roll < 0.25 \
                else rng.uniform(1.0, 3.0)
            if need:
                total = need * factor
            else:
                total = {"EA": rng.randint(500, 20000), "KG": rng.uniform(50, 2000), "M": rng.uniform(200, 5000)}[
                    component.family.uom
                ]
            count = rng.randint(1, 4)
            shares = [rng.random() + 0.2 for _ in range(count)]
            uom = component.family.uom
            if component.used:
                # An old lot's remainder: lets last year's jobs issue from a lot that still exists.
                receipt = today - dt.timedelta(days=rng.randint(430, 470))
                lot = add_lot(component.number, facilities[0], total * 0.05 + 1, "APPROVED", receipt, uom)
                component.lots.append((receipt, lot, facilities[0]))
            for share in shares:
                status, receipt = status_and_date()
                facility = rng.choice(facilities)
                lot = add_lot(component.number, facility, total * share / sum(shares), status, receipt, uom)
                component.lots.append((receipt, lot, facility))
            component.lots.sort()

        for fg in self.fgs:
            open_qtys = fg_demand.get(fg.number)
            if open_qtys and rng.random() < 0.3:
                qty = max(open_qtys) * rng.uniform(0.3, 1.5)
            elif not open_qtys and rng.random() < 0.2:
                qty = fg.typical_qty * rng.uniform(0.2, 2.0)  # stock nobody has ordered yet: ages in the value buckets
            else:
                continue
            roll = rng.random()
            status, receipt = ("PENDING_QC", self.days_ago(0, 5)) if roll < 0.08 else \
                ("HOLD", self.days_ago(5, 90)) if roll < 0.11 else ("APPROVED", self.days_ago(1, 365))
            add_lot(fg.number, fg.line.facility_code, qty, status, receipt, "EA")

    # --- purchasing -----------------------------------------------------------------------------------------
    def make_purchasing(self) -> None:
        rng = self.rng
        today = self.today
        open_plans: list[tuple[str, str, float, float, str, str]] = []  # part, vendor, qty, cost, uom, facility
        short = sorted(
            (
                (need - self.approved_on_hand.get(number, 0.0), number)
                for number, need in self.demand.items()
                if need > self.approved_on_hand.get(number, 0.0)
            ),
            reverse=True,
        )
        by_number = {c.number: c for c in self.components}
        target = self.n["open_po_lines"]
        short = [(shortfall, number) for shortfall, number in short if by_number[number].recipe is None]
        for shortfall, number in short[: round(target * 0.6)]:
            component = by_number[number]
            qty = shortfall * rng.uniform(0.4, 1.3)
            open_plans.append((number, component.vendor, qty, component.cost, component.family.uom,
                               rng.choice(component.facilities or [FACILITIES[0].code])))
        used = [c for c in self.components if c.used and c.recipe is None] or self.components
        bought = [fg for fg in self.bought_fgs if fg.active]
        while len(open_plans) < target:
            if bought and rng.random() < 0.05:
                fg = rng.choice(bought)
                open_plans.append((fg.number, fg.vendor, fg.typical_qty * rng.uniform(0.5, 2), fg.cost, "EA",
                                   fg.line.facility_code))
                continue
            component = rng.choice(used)
            base = {"EA": rng.randint(1000, 50000), "KG": rng.uniform(100, 5000), "M": rng.uniform(500, 20000)}
            open_plans.append((component.number, component.vendor, base[component.family.uom], component.cost,
                               component.family.uom, rng.choice(component.facilities or [FACILITIES[0].code])))

        lines: list[tuple[_Po, str, float, float, dt.date, float, bool]] = []

        def group(plans, dated) -> None:
            """Lines of the same vendor and facility go on one PO of up to five lines."""
            by_key: dict[tuple[str, str], list] = defaultdict(list)
            for plan in plans:
                by_key[(plan[1], plan[5])].append(plan)
            for (vendor, facility), members in by_key.items():
                while members:
                    size = rng.randint(1, 5)
                    chunk, members = members[:size], members[size:]
                    due_dates, is_open = dated()
                    po = _Po(vendor, min(due_dates) - dt.timedelta(days=rng.randint(7, 45)), facility,
                             rng.choice(vocab.BUYERS))
                    po.order_date = min(po.order_date, today)
                    for plan, due in zip(chunk, itertools.cycle(due_dates), strict=False):
                        number, _, qty, cost, uom, _ = plan
                        qty = float(max(1, round(qty))) if uom == "EA" else round(max(qty, 1.0), 2)
                        lines.append((po, number, qty, cost * rng.uniform(0.95, 1.06), due, uom, is_open))

        def open_dates():
            if rng.random() < 0.12:  # late: due already, not received
                return [self.days_ago(1, 30)], True
            first = today + dt.timedelta(days=rng.randint(1, 75))
            return [first + dt.timedelta(days=rng.randint(0, 10)) for _ in range(5)], True

        def closed_dates():
            first = self.days_ago(5, 365)
            return [first + dt.timedelta(days=rng.randint(0, 4)) for _ in range(5)], False

        group(open_plans, open_dates)
        closed_plans = []
        for _ in range(self.n["closed_po_lines"]):
            component = rng.choice(used)
            base = {"EA": rng.randint(1000, 50000), "KG": rng.uniform(100, 5000), "M": rng.uniform(500, 20000)}
            closed_plans.append((component.number, component.vendor, base[component.family.uom], component.cost,
                                 component.family.uom, rng.choice(component.facilities or [FACILITIES[0].code])))
        group(closed_plans, closed_dates)

        pos = sorted({id(line[0]): line[0] for line in lines}.values(), key=lambda p: p.order_date)
        for index, po in enumerate(pos):
            po.number = f"PO{400001 + index}"
        po_index = {id(po): index for index, po in enumerate(pos)}
        lines.sort(key=lambda ln: po_index[id(ln[0])])
        self.po_rows = [(po.number, po.vendor, po.order_date, po.buyer, po.facility) for po in pos]
        self.po_line_rows = []
        line_numbers: dict[str, int] = defaultdict(int)
        for index, (po, number, qty, cost, due, uom, is_open) in enumerate(lines, start=1):
            line_numbers[po.number] += 1
            places = 0 if uom == "EA" else 2
            if is_open:
                received = qty * rng.uniform(0.2, 0.8) if rng.random() < 0.1 else 0.0
                received = min(round(received, places), qty - (1 if places == 0 else 0.01))
            else:
                received = qty
            self.po_line_rows.append((
                index, po.number, line_numbers[po.number], po.vendor, number, _dec(qty, places),
                _dec(max(received, 0.0), places), due, _dec(cost, 4), "OPEN" if is_open else "CLOSED", po.facility,
            ))

    # --- jobs -----------------------------------------------------------------------------------------------
    def make_jobs(self) -> None:
        rng = self.rng
        today = self.today
        jobs: list[dict] = []
        target = self.n["open_jobs"]
        candidates = sorted((ln for ln in self.open_lines if ln.fg.revisions), key=lambda ln: (ln.due, ln.id))
        from_orders = min(round(target * 0.8), len(candidates))
        window = candidates[: max(from_orders, round(len(candidates) * 0.6))]
        statuses, status_weights = ("PLANNED", "RELEASED", "STARTED", "ON_HOLD"), (20, 30, 42, 8)
        for line in sorted(rng.sample(window, from_orders), key=lambda ln: ln.id):
            line.has_job = True
            created = min(today, line.order.order_date + dt.timedelta(days=rng.randint(0, 5)))
            due = line.due - dt.timedelta(days=rng.randint(1, 3))
            jobs.append(self._open_job(line.fg, line, line.ordered - line.shipped, created, due,
                                       rng.choices(statuses, weights=status_weights)[0]))
        while len(jobs) < target:  # make-to-stock jobs
            fg = rng.choice(self.bom_fgs)
            created = self.days_ago(0, 40)
            jobs.append(self._open_job(fg, None, self._quantity(fg), created,
                                       today + dt.timedelta(days=rng.randint(3, 40)),
                                       rng.choices(statuses, weights=status_weights)[0]))

        closed_candidates = [ln for ln in self.order_lines if not ln.open and ln.fg.revisions]
        for _ in range(self.n["closed_jobs"]):
            if closed_candidates and rng.random() < 0.7:
                line = rng.choice(closed_candidates)
                fg, required = line.fg, line.ordered
                created = line.order.order_date + dt.timedelta(days=rng.randint(0, 3))
                closed = max(created + dt.timedelta(days=2), line.due - dt.timedelta(days=rng.randint(0, 3)))
            else:
                line, fg = None, rng.choice(self.bom_fgs)
                required = self._quantity(fg)
                created = self.days_ago(20, 365)
                closed = created + dt.timedelta(days=rng.randint(2, 15))
            closed = min(closed, today - dt.timedelta(days=1))
            released = min(created + dt.timedelta(days=rng.randint(0, 3)), closed)
            created = min(created, released)
            completed = max(1, round(required * rng.uniform(0.97, 1.03)))
            jobs.append({
                "fg": fg, "line": line, "required": required, "completed": completed, "status": "CLOSED",
                "created": created, "released": released, "due": closed, "closed": closed,
            })

        jobs.sort(key=lambda j: (j["created"], j["fg"].number))
        self.job_rows = []
        transactions: list[tuple] = []
        for index, job in enumerate(jobs):
            number = f"J{100001 + index}"
            fg, line = job["fg"], job["line"]
            self.job_rows.append((
                number, fg.number, line.order.number if line else None, line.id if line else None,
                Decimal(job["required"]), Decimal(job["completed"]), job["status"], fg.line.facility_code,
                fg.line.code, job["created"], job["released"], job["due"], job["closed"],
            ))
            transactions.extend(self._transactions(number, job))
        transactions.sort(key=lambda t: (t[5], t[0]))
        self.transaction_rows = [
            (index, number, part, lot, kind, qty, date)
            for index, (number, part, lot, kind, qty, date) in enumerate(transactions, start=1)
        ]

    def _open_job(self, fg, line, required, created, due, status) -> dict:
        rng = self.rng
        released = None
        if status != "PLANNED":
            released = min(self.today, created + dt.timedelta(days=rng.randint(0, 4)))
        completed = 0
        if status == "STARTED":
            completed = round(required * rng.uniform(0.05, 0.9))
        elif status == "ON_HOLD":
            completed = round(required * rng.uniform(0.0, 0.6))
        return {"fg": fg, "line": line, "required": required, "completed": completed, "status": status,
                "created": created, "released": released, "due": due, "closed": None}

    def _revision_at(self, fg: _FinishedGood, day: dt.date) -> _Revision:
        dates = [revision.effective for revision in fg.revisions]
        return fg.revisions[max(0, bisect.bisect_right(dates, day) - 1)]

    def _transactions(self, number: str, job: dict) -> list[tuple]:
        """Material moved for one job: issues from real lots, relief for good output, returns and scrap."""
        rng = self.rng
        status = job["status"]
        if status == "PLANNED" or (status == "RELEASED" and rng.random() < 0.6):
            return []
        start: dt.date = job["released"] or job["created"]
        end: dt.date = job["closed"] or self.today
        span = max(0, (end - start).days)
        progress = {"RELEASED": rng.uniform(0.9, 1.02), "STARTED": rng.uniform(0.5, 1.05),
                    "ON_HOLD": rng.uniform(0.3, 1.0), "CLOSED": rng.uniform(1.0, 1.06)}[status]
        rows = []
        for component, qty_per, scrap in self._revision_at(job["fg"], start).lines:
            whole = component.family.uom == "EA"
            places = 4

            def amount(value: float, whole: bool = whole, places: int = places) -> Decimal:
                return Decimal(math.ceil(value)) if whole else _dec(value, places)

            def add(lot: str, kind: str, quantity: Decimal, day: dt.date, part: str = component.number) -> None:
                if quantity > 0:  # a quantity that rounds to nothing is no transaction
                    rows.append((number, part, lot, kind, quantity, day))

            eligible = [lot for lot in component.lots if lot[0] <= start] or component.lots[:1]
            lot = rng.choice(eligible)[1]
            relieved = job["completed"] * qty_per
            issued = max(job["required"] * qty_per * (1 + scrap / 100) * progress, relieved * (1 + scrap / 100) * 1.01)
            if issued <= 0:
                continue
            issue_date = start + dt.timedelta(days=min(span, rng.randint(0, 2)))
            # How the issue is split over lots. The main generator's draws are unchanged (the rest of the demo
            # stays as it was); a generator of this job and component picks extra lots, so that most components
            # come from two to four lots, as on a real certificate of compliance.
            lot_rng = random.Random(f"{self.seed}:{number}:{component.number}")
            distinct = list(dict.fromkeys(lot[1] for lot in eligible))
            if rng.random() < 0.3 and issued >= 2:  # issued from two lots, in two trips
                second_lot = rng.choice(eligible)[1]
                first_share = rng.uniform(0.4, 0.7)
                wanted = 2
            else:
                second_lot, first_share = None, 1.0
                wanted = lot_rng.choice((1, 1, 2, 3, 4)) if issued >= 4 else 1
            lots = [lot] + ([second_lot] if second_lot and second_lot != lot else [])
            others = [x for x in distinct if x not in lots]
            lot_rng.shuffle(others)
            lots += others[:max(0, wanted - len(lots))]
            if len(lots) == 1:
                issues = [(lot, amount(issued), issue_date)]
            else:
                shares = [first_share] + [(1 - first_share) / (len(lots) - 1)] * (len(lots) - 1) \
                    if second_lot else [lot_rng.uniform(0.5, 1.5) for _ in lots]
                total_share = sum(shares)
                issues, given, day = [], Decimal(0), issue_date
                for index, (lot_number, share) in enumerate(zip(lots, shares, strict=True)):
                    last = index == len(lots) - 1
                    quantity = amount(issued - float(given)) if last else amount(issued * share / total_share)
                    issues.append((lot_number, quantity, day))
                    given += quantity
                    day = min(end, day + dt.timedelta(days=lot_rng.randint(0, 3)))
            for lot_number, quantity, day in issues:
                add(lot_number, "ISSUE", quantity, day)
            scrapped = 0.0
            scrap_quantity = Decimal(0)
            if rng.random() < 0.25:
                scrapped = issued * rng.uniform(0.005, 0.03)
                scrap_quantity = Decimal(max(1, round(scrapped))) if whole else _dec(scrapped, places)
                scrapped = float(scrap_quantity)
            scrap_day = start + dt.timedelta(days=rng.randint(0, span)) if scrap_quantity else None
            # Lots are used up in the order they were issued: the relief (and the scrap of the lot in use) takes
            # from the first lot until it is used, then the next; a closed job returns what is left of the last.
            relief_total = _dec(relieved, places) if relieved > 0 else Decimal(0)
            relief_day = start + dt.timedelta(days=rng.randint(0, span)) if relieved > 0 else None
            left = relief_total
            for index, (lot_number, quantity, _day) in enumerate(issues):
                share = left if index == len(issues) - 1 else min(left, quantity)
                if relief_day:
                    add(lot_number, "RELIEVE", share, relief_day)
                left -= share
                if scrap_day and (left <= 0 or index == len(issues) - 1):
                    add(lot_number, "SCRAP", scrap_quantity, scrap_day)
                    scrap_day = None
            if status == "CLOSED" and rng.random() < 0.6:
                leftover = (issued - relieved - scrapped) * rng.uniform(0.3, 0.9)
                add(issues[-1][0], "DEISSUE", Decimal(math.floor(leftover)) if whole else _dec(leftover, places), end)
        return rows
