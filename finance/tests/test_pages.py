"""Cost pages over a hand-made ERP: FG-X = 2 × SA-1 (scrap 10 %) + 1 × BOT; SA-1 = 0.5 × RES (scrap 4 %) + 3 × LAB.

Costs RES 10, LAB 0.1, BOT 0.25 -> SA-1 5.5, FG-X 12.35; list price 20 -> margin 7.65 (38.25 %).
Scenario "resin +12 %" on business unit Chem (RES only): SA-1 = 11.2 × 0.52 + 0.3 = 6.124, FG-X = 13.7228,
margin 6.2772 (31.39 %). FG-Y = 1 × BOT: cost 0.25, price 0.26 -> 3.85 %, listed first.
"""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from erp.models import BomLine
from finance.models import ProductCost
from finance.services import costing

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def test_standard_roll_up_goes_through_the_sub_assembly(erp):
    assert costing.refresh() == 2
    row = ProductCost.objects.get(scenario=None, part_number="FG-X")
    assert (row.cost, row.levels, row.erp_cost) == (D("12.3500"), 2, D(99))
    assert (row.margin, row.margin_percent) == (D("7.6500"), D("38.25"))


def test_scenario_page_lists_lowest_margins_first_next_to_the_standard(erp, resin, client_for):
    costing.refresh()
    costing.refresh(resin)
    response = client_for("Finance").get(reverse("finance:costs"), {"scenario": resin.pk})
    assert response.status_code == 200
    rows = [r["object"] for r in response.context["rows"]]
    assert [r.part_number for r in rows] == ["FG-Y", "FG-X"]
    fg_x = rows[1]
    assert (fg_x.standard_cost, fg_x.cost, fg_x.margin_percent, fg_x.standard_margin_percent) == (
        D("12.3500"), D("13.7228"), D("31.39"), D("38.25"))
    assert "table-warning" in response.context["rows"][1]["css"], "31.39 % is under the scenario's 35 %"
    # The standard list is not mixed with the scenario's rows.
    standard = client_for("Finance").get(reverse("finance:costs"))
    assert {r["object"].scenario_id for r in standard.context["rows"]} == {None}


def test_refresh_button_needs_the_manage_capability_and_recomputes(erp, resin, client_for,
                                                                  django_capture_on_commit_callbacks):
    assert client_for("Scheduling_User").post(reverse("finance:refresh")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("Finance").post(reverse("finance:refresh"), {"scenario": resin.pk})
    assert response.status_code == 302
    assert ProductCost.objects.get(scenario=resin, part_number="FG-X").cost == D("13.7228")
    assert client_for("Finance").post(reverse("finance:refresh"), {"scenario": "x"}).status_code == 404


def test_product_page_shows_structure_by_level_component_and_so_line_margin(erp, client_for):
    response = client_for("Finance").get(reverse("finance:product", args=["FG-X"]))
    assert response.status_code == 200
    context = response.context
    assert context["structure"].unit_cost == D("12.35")
    assert context["by_level"] == [(1, D("0.25")), (2, D("12.10"))]
    assert [part for part, *_ in context["by_component"]] == ["RES", "LAB", "BOT"]
    line = context["so_lines"][0]
    assert (line["margin"], line["percent"]) == (D("2.65"), D("2.65") / 15 * 100)
    assert b"SA-1 thing" in response.content


def test_a_cycle_is_shown_as_a_message_naming_the_parts(erp, erp_rows, client_for,
                                                        django_capture_on_commit_callbacks):
    erp_rows(BomLine, [{"id": 8, "bom": 3, "sequence": 30, "component": "FG-X", "quantity_per": D(1),
                        "scrap_percent": D(0)}])
    response = client_for("Finance").get(reverse("finance:product", args=["FG-X"]))
    assert "FG-X -&gt; SA-1 -&gt; FG-X" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("Finance").post(reverse("finance:refresh"))
    refreshed = client_for("Finance").get(reverse("finance:costs"))
    assert "BOM cycle" in refreshed.content.decode(), "the failed run's error is shown above the list"


def test_roles(erp, client_for):
    assert client_for("DowntimeTracker_User").get(reverse("finance:costs")).status_code == 403
    assert client_for("Production_Portal_Admin").get(reverse("finance:costs")).status_code == 200
    assert client_for("Finance").get(reverse("finance:product", args=["NOPE"])).status_code == 404


def test_query_count_does_not_grow_with_rows(erp, client_for, django_assert_max_num_queries):
    costing.refresh()
    client = client_for("Finance")
    with django_assert_max_num_queries(12):
        client.get(reverse("finance:costs"))
