"""The demo generator: deterministic, at the documented volumes, and internally consistent."""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from erp.demo.contract import COLUMNS
from erp.demo.generator import VOLUMES, generate
from erp.demo.plant import FACILITIES, LINES
from erp.models import ERP_MODELS

TODAY = dt.date(2025, 3, 14)


@pytest.fixture(scope="module")
def demo():
    return generate(seed=11, scale=1, today=TODAY)


@pytest.fixture(scope="module")
def rows(demo):
    return {view: demo.rows(view) for view in COLUMNS}


def test_same_seed_and_day_give_the_same_data_and_another_seed_does_not():
    first = generate(seed=5, scale=0.1, today=TODAY)
    assert first.tables == generate(seed=5, scale=0.1, today=TODAY).tables
    assert first.tables != generate(seed=6, scale=0.1, today=TODAY).tables


def test_dates_follow_today_so_the_demo_always_looks_current():
    earlier = generate(seed=5, scale=0.05, today=TODAY)
    later = generate(seed=5, scale=0.05, today=TODAY + dt.timedelta(days=100))
    due = COLUMNS["erp_sales_order_line"].index("due_date")
    shift = {b[due] - a[due] for a, b in zip(earlier.tables["erp_sales_order_line"],
                                             later.tables["erp_sales_order_line"], strict=True)}
    assert shift == {dt.timedelta(days=100)}


def test_volumes_at_scale_one_are_the_documented_ones(demo, rows):
    counts = demo.counts()
    assert counts["erp_customer"] == VOLUMES["customers"] == 200
    assert counts["erp_part"] == 2000
    assert counts["erp_bom_header"] == 1500
    assert sum(r["status"] == "OPEN" for r in rows["erp_sales_order_line"]) == 3000
    assert sum(r["status"] == "OPEN" for r in rows["erp_purchase_order_line"]) == 800
    assert sum(r["status"] != "CLOSED" for r in rows["erp_job"]) == 400
    assert {r["facility"] for r in rows["erp_inventory_lot"]} == {f.code for f in FACILITIES}
    assert {r["line_code"] for r in rows["erp_job"]} == {line.code for line in LINES}


def test_scale_multiplies_rows_but_not_the_plant():
    small, large = generate(seed=3, scale=0.1, today=TODAY), generate(seed=3, scale=0.3, today=TODAY)
    assert large.counts()["erp_customer"] == 3 * small.counts()["erp_customer"]
    assert large.counts()["erp_sales_order_line"] == 3 * small.counts()["erp_sales_order_line"]
    jobs = COLUMNS["erp_job"].index("facility")
    assert {r[jobs] for r in large.tables["erp_job"]} <= {f.code for f in FACILITIES}


def test_every_reference_resolves(rows):
    for model in ERP_MODELS:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model
            keys = {r[target._meta.pk.column] for r in rows[target._meta.db_table]}
            values = {r[field.column] for r in rows[model._meta.db_table]} - {None}
            assert values <= keys, f"{model._meta.db_table}.{field.column}: {sorted(values - keys)[:5]}"


def test_every_value_fits_its_column(demo):
    small = generate(seed=2, scale=0.05, today=TODAY)
    for model in ERP_MODELS:
        fields = {f.column: f for f in model._meta.concrete_fields}
        for row in small.rows(model._meta.db_table):
            for column, value in row.items():
                field = fields[column]
                if value is None:
                    assert field.null, f"{model._meta.db_table}.{column} is required"
                elif not field.is_relation:
                    field.clean(value, None)  # type, length, choices, digits


def test_parts_boms_and_revisions_are_consistent(rows):
    kind = {r["part_number"]: r["part_type"] for r in rows["erp_part"]}
    headers = rows["erp_bom_header"]
    # Parents are finished goods or components made in house (SA-): those are sub-assemblies of other BOMs.
    assert {kind[h["parent_part_number"]] for h in headers} == {"FG", "COMP"}
    assert all(h["parent_part_number"].startswith("SA-") for h in headers if kind[h["parent_part_number"]] == "COMP")
    assert {kind[line["component_part_number"]] for line in rows["erp_bom_line"]} == {"COMP"}
    by_parent = defaultdict(list)
    for header in headers:
        by_parent[header["parent_part_number"]].append(header)
    for revisions in by_parent.values():
        assert 1 <= len(revisions) <= 3
        latest = max(revisions, key=lambda h: h["effective_date"])
        assert [h["active"] for h in revisions].count(True) == 1 and latest["active"]
        assert latest["revision"] == max(h["revision"] for h in revisions)
    finished_goods = {p for p, t in kind.items() if t == "FG"}
    assert finished_goods - set(by_parent), "some finished goods are bought complete (no BOM)"
    lines_per_bom = Counter(line["bom_id"] for line in rows["erp_bom_line"])
    assert set(lines_per_bom) == {h["id"] for h in headers}
    assert min(lines_per_bom[h["id"]] for h in headers if kind[h["parent_part_number"]] == "FG") >= 4
    assert min(lines_per_bom.values()) >= 2


def test_some_boms_have_sub_assemblies_two_and_three_levels_deep(rows):
    active = {h["parent_part_number"]: h["id"] for h in rows["erp_bom_header"] if h["active"]}
    children = defaultdict(list)
    for line in rows["erp_bom_line"]:
        children[line["bom_id"]].append(line["component_part_number"])

    def depth(part, seen=()):
        assert part not in seen, f"cycle through {part}"
        if part not in active:
            return 0
        return 1 + max(depth(child, (*seen, part)) for child in children[active[part]])

    depths = Counter(depth(part) for part in active if part.startswith("FG-"))
    assert depths[1] > depths[2] > 0 and depths[3] > 0, depths
    made = [p for p in active if p.startswith("SA-")]
    assert len(made) == 44, "4 % of the components are made in house"
    # Made parts are built, never bought.
    assert not {r["part_number"] for r in rows["erp_purchase_order_line"]} & set(made)
    # A made part's standard cost is at least its rolled-up material cost.
    cost = {r["part_number"]: r["unit_cost"] for r in rows["erp_part"]}
    quantities = {(line["bom_id"], line["component_part_number"]): line for line in rows["erp_bom_line"]}
    for part in made:
        material = sum(cost[c] * quantities[(active[part], c)]["quantity_per"]
                       * (1 + quantities[(active[part], c)]["scrap_percent"] / 100) for c in children[active[part]])
        assert cost[part] >= material - Decimal("0.0002")


def test_sales_lines_shipments_and_values(rows):
    kind = {r["part_number"]: r["part_type"] for r in rows["erp_part"]}
    lines = {r["id"]: r for r in rows["erp_sales_order_line"]}
    orders = {r["so_number"]: r for r in rows["erp_sales_order"]}
    shipped = defaultdict(Decimal)
    for shipment in rows["erp_shipment"]:
        line = lines[shipment["so_line_id"]]
        assert (shipment["so_number"], shipment["part_number"], shipment["customer_code"]) == (
            line["so_number"], line["part_number"], line["customer_code"])
        assert shipment["value"] == (shipment["quantity"] * shipment["unit_price"]).quantize(Decimal("0.01"))
        assert TODAY - dt.timedelta(days=365) <= shipment["ship_date"] <= TODAY
        shipped[line["id"]] += shipment["quantity"]
    ship_dates = [s["ship_date"] for s in rows["erp_shipment"]]
    assert (max(ship_dates) - min(ship_dates)).days > 330, "a year of shipments"
    for line in lines.values():
        assert kind[line["part_number"]] == "FG"
        assert line["customer_code"] == orders[line["so_number"]]["customer_code"]
        assert line["order_type"] == orders[line["so_number"]]["order_type"]
        assert shipped[line["id"]] == line["quantity_shipped"]
        assert orders[line["so_number"]]["order_date"] <= TODAY
        if line["status"] == "OPEN":
            assert line["quantity_ordered"] - line["quantity_shipped"] > 0
            assert line["due_date"] >= TODAY - dt.timedelta(days=60)
        else:
            assert 0 < line["quantity_shipped"] <= line["quantity_ordered"] and line["due_date"] <= TODAY + \
                dt.timedelta(days=7)
    assert any(line["due_date"] < TODAY for line in lines.values() if line["status"] == "OPEN"), "past-due lines"


def test_lots_purchases_and_shortages(rows):
    lots = rows["erp_inventory_lot"]
    assert {lot["status"] for lot in lots} == {"APPROVED", "PENDING_QC", "HOLD"}
    assert all(lot["quantity"] > 0 and lot["receipt_date"] <= TODAY for lot in lots)
    open_po = [r for r in rows["erp_purchase_order_line"] if r["status"] == "OPEN"]
    assert all(r["quantity_received"] < r["quantity_ordered"] for r in open_po)
    late = [r for r in open_po if r["due_date"] < TODAY]
    assert 0.05 * len(open_po) < len(late) < 0.3 * len(open_po)

    # Requirements of the open sales lines through the active BOMs exceed what is on hand or on order.
    active = {h["parent_part_number"]: h["id"] for h in rows["erp_bom_header"] if h["active"]}
    bom_lines = defaultdict(list)
    for line in rows["erp_bom_line"]:
        bom_lines[line["bom_id"]].append(line)
    need = defaultdict(Decimal)
    for line in rows["erp_sales_order_line"]:
        if line["status"] == "OPEN" and line["part_number"] in active:
            for component in bom_lines[active[line["part_number"]]]:
                need[component["component_part_number"]] += (
                    (line["quantity_ordered"] - line["quantity_shipped"]) * component["quantity_per"]
                )
    supply = defaultdict(Decimal)
    for lot in lots:
        if lot["status"] != "HOLD":
            supply[lot["part_number"]] += lot["quantity"]
    for po in open_po:
        supply[po["part_number"]] += po["quantity_ordered"] - po["quantity_received"]
    short = [part for part, qty in need.items() if qty > supply[part]]
    assert len(short) >= 10, "MRP has shortages to show"
    shared = Counter(line["component_part_number"] for line in rows["erp_bom_line"])
    assert shared.most_common(1)[0][1] >= 20, "some components are shared by many BOMs"


def test_jobs_and_their_material_transactions(rows):
    sales_lines = {r["id"]: r for r in rows["erp_sales_order_line"]}
    plant = {(line.facility_code, line.code) for line in LINES}
    jobs = {r["job_number"]: r for r in rows["erp_job"]}
    open_jobs = [j for j in jobs.values() if j["status"] != "CLOSED"]
    linked = [j for j in open_jobs if j["so_line_id"]]
    assert len(linked) >= 0.7 * len(open_jobs)
    for job in jobs.values():
        assert (job["facility"], job["line_code"]) in plant
        assert job["created_date"] <= (job["release_date"] or job["created_date"]) <= TODAY
        if job["so_line_id"]:
            line = sales_lines[job["so_line_id"]]
            assert (line["part_number"], line["so_number"]) == (job["part_number"], job["so_number"])
            if job["status"] != "CLOSED":
                assert line["status"] == "OPEN"
        if job["status"] == "CLOSED":
            assert job["closed_date"] and job["release_date"] <= job["closed_date"] < TODAY
        else:
            assert job["closed_date"] is None and job["quantity_completed"] < job["quantity_required"]

    boms = defaultdict(set)
    parent = {h["id"]: h["parent_part_number"] for h in rows["erp_bom_header"]}
    for line in rows["erp_bom_line"]:
        boms[parent[line["bom_id"]]].add(line["component_part_number"])
    lot_receipts = {(lot["part_number"], lot["lot_number"]): lot["receipt_date"] for lot in rows["erp_inventory_lot"]}
    kinds = Counter()
    jobs_with_material = set()
    for tx in rows["erp_job_material_transaction"]:
        job = jobs[tx["job_number"]]
        assert tx["component_part_number"] in boms[job["part_number"]]
        receipt = lot_receipts[(tx["component_part_number"], tx["lot_number"])]
        assert receipt <= tx["transaction_date"] <= TODAY
        assert tx["transaction_date"] >= job["created_date"] and tx["quantity"] > 0
        kinds[tx["transaction_type"]] += 1
        jobs_with_material.add(job["job_number"])
    assert set(kinds) == {"ISSUE", "DEISSUE", "RELIEVE", "SCRAP"}
    started = [j for j in open_jobs if j["status"] == "STARTED"]
    assert all(j["job_number"] in jobs_with_material for j in started)
    assert not any(j["job_number"] in jobs_with_material for j in open_jobs if j["status"] == "PLANNED")
