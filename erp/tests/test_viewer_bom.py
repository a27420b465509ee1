"""BOM viewer: active latest revisions only, costed components, multi-level explosion, where-used, export, API."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from erp.services.bom import component_costs, explode, where_used

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def test_list_shows_only_active_revisions(client_for, bom_scenario):
    client = client_for("Scheduling_User")
    rows = client.get("/erp/bom/").context["rows"]
    assert [(r["object"].bom_id, r["object"].component_id) for r in rows] == [(2, "SUB-1"), (2, "C-2"), (3, "C-1")]


@pytest.mark.parametrize(("q", "expected"), [
    ("FG-1", {20, 21}), ("sub-assembly", {20, 30}), ("C-2", {21}), ("東京", {30}), ("100%", {21}),
    ("recycled_paper", {21}), ("'; DROP TABLE erp_bom_line; --", set()),
])
def test_search_by_parent_component_or_description(client_for, bom_scenario, q, expected):
    rows = client_for("Scheduling_User").get("/erp/bom/", {"q": q}).context["rows"]
    assert {r["object"].id for r in rows} == expected


def test_extended_cost_includes_scrap(client_for, bom_scenario):
    rows = client_for("Scheduling_User").get("/erp/bom/", {"parent": "FG-1"}).context["rows"]
    costs = {r["object"].component_id: D(str(r["object"].extended_cost)).quantize(D("0.0001")) for r in rows}
    assert costs == {"SUB-1": D("6.6000"), "C-2": D("2.0000")}  # 2 × 1.1 × $3 ; 0.5 × $4


def test_component_costs_service(bom_scenario):
    rows, total = component_costs(bom_scenario["current"])
    assert [r.line.component_id for r in rows] == ["SUB-1", "C-2"]
    assert total == D("8.6")


def test_multi_level_explosion_multiplies_quantities_and_scrap(bom_scenario):
    rows = explode("FG-1", D(10))
    summary = [(r.level, r.component.part_number, r.total_quantity.quantize(D("0.001")), r.has_bom) for r in rows]
    assert summary == [(1, "SUB-1", D("22.000"), True), (2, "C-1", D("69.300"), False), (1, "C-2", D("5.000"), False)]
    assert sum(r.extended_cost for r in rows) == D("69.3") + D("20")  # leaves only


def test_explosion_stops_at_a_cycle(erp_rows, bom_scenario):
    from erp.models import BomHeader, BomLine

    erp_rows(BomHeader, [{"id": 4, "parent": "C-1", "revision": "A", "active": True, "effective_date": "2025-01-01"}])
    erp_rows(BomLine, [{"id": 40, "bom": 4, "sequence": 10, "component": "SUB-1", "quantity_per": 1,
                        "scrap_percent": 0}])
    rows = explode("FG-1")
    assert any(r.cycle for r in rows) and len(rows) < 10


def test_explosion_query_count_is_per_level(bom_scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        explode("FG-1")


def test_where_used(client_for, bom_scenario):
    assert [line.bom.parent_id for line in where_used("C-2")] == ["FG-1"]  # old rev A is not counted
    page = client_for("Scheduling_User").get("/erp/bom/where-used/", {"component": "C-1"})
    assert [r["object"].bom.parent_id for r in page.context["rows"]] == ["SUB-1"]


def test_detail_and_exploded_pages(client_for, bom_scenario):
    client = client_for("DowntimeTracker_Admin")
    detail = client.get("/erp/bom/2/")
    assert detail.status_code == 200 and "$8.6000" in detail.content.decode()
    old = client.get("/erp/bom/1/").content.decode()
    assert "Not the current revision" in old
    exploded = client.get("/erp/bom/2/exploded/", {"qty": "abc"})  # bad quantity falls back to 1
    assert exploded.status_code == 200 and exploded.context["quantity"] == 1
    assert client.get("/erp/bom/999/").status_code == 404


def test_export_has_exactly_the_filtered_rows(client_for, bom_scenario):
    response = client_for("Scheduling_User").get("/erp/bom/", {"q": "C-2", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Parent part" and len(rows) == 2 and rows[1][4] == "C-2"
    assert sheet["K2"].number_format == '"$"#,##0.00'


def test_list_query_count_does_not_grow(client_for, erp_data, django_assert_max_num_queries):
    client = client_for("Scheduling_User")
    with django_assert_max_num_queries(12):
        client.get("/erp/bom/", {"per_page": "250"})


def test_api(client_for, bom_scenario):
    client = client_for("Scheduling_User")
    data = client.get("/api/erp/boms/", {"parent": "FG-1"}).json()
    assert data["count"] == 2 and data["results"][0]["component"] == "SUB-1"
    exploded = client.get("/api/erp/boms/exploded/FG-1/", {"qty": "2"}).json()
    assert [row["component"] for row in exploded] == ["SUB-1", "C-1", "C-2"]
    assert client_for("DowntimeTracker_User").get("/api/erp/boms/").status_code == 403


def test_list_is_sorted_by_parent_part_by_default(client_for, erp_data):
    rows = client_for("Scheduling_User").get("/erp/bom/", {"per_page": "250"}).context["rows"]
    parents = [r["object"].bom.parent_id for r in rows]
    assert parents == sorted(parents) and len(set(parents)) > 1
