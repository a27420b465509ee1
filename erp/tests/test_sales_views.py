"""The customer sales analysis pages: access, the chosen customer, the picker, the open-orders list and exports."""

import datetime as dt
import io
import json

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from erp.models import Customer, Part, SalesOrder, SalesOrderLine, Shipment

from . import sales_scenario

ERP = pytest.mark.django_db(databases=["default", "erp"])
PAGE = "/erp/sales/"


@pytest.fixture
def scenario(erp_rows):
    return sales_scenario.build(erp_rows, timezone.localdate())


@pytest.fixture
def analyst(client_for):
    return client_for("Scheduling_Admin")


def _xlsx_rows(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@ERP
@pytest.mark.parametrize("role", ["Scheduling_Admin", "Production_Portal_Admin"])
def test_the_analysis_opens_for_the_roles_of_the_seeds_module_notes(client_for, scenario, role):
    response = client_for(role).get(PAGE, {"customer": "C1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acme Foods" in html and "Monterrey" in html


@ERP
@pytest.mark.parametrize("url", [PAGE, f"{PAGE}?customer=C1", f"{PAGE}shipments/?customer=C1",
                                 f"{PAGE}customers/?q=acme", f"{PAGE}?customer=C1&export=xlsx"])
def test_a_downtime_user_and_a_scheduling_user_are_refused(client_for, scenario, url):
    assert client_for("DowntimeTracker_User").get(url).status_code == 403
    # The matrix's "Customer Analysis" column gives it to Scheduling_User; the module's own note restricts it to
    # Scheduling_Admin and the portal admins, and governs (docs/access.md)
    assert client_for("Scheduling_User").get(url).status_code == 403


@ERP
def test_the_page_shows_the_kpis_and_the_definitions(analyst, scenario):
    response = analyst.get(PAGE, {"customer": "C1"})
    html = response.content.decode()
    kpis = response.context["kpis"]
    assert (kpis.ytd_sales, kpis.open_order_value, kpis.average_open_order_value) == (
        sales_scenario.YTD, sales_scenario.OPEN_VALUE, sales_scenario.AVERAGE)
    assert 'data-kpi="ytd-sales">$400.00<' in html
    assert 'data-kpi="open-value">$333.46<' in html
    assert 'data-kpi="open-orders">2<' in html
    assert 'data-kpi="average-open">$166.73<' in html
    assert "Sales orders with at least one open line." in html
    assert "3 open lines" in html and "1 late" in html


@ERP
def test_charts_get_their_data_as_json(analyst, scenario):
    response = analyst.get(PAGE, {"customer": "C1"})
    html = response.content.decode()
    assert '<script id="sales-trend-data" type="application/json">' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    trend = response.context["trend_chart"]
    today = timezone.localdate()
    assert trend["labels"][0] == "Jan" and len(trend["labels"]) == 12
    assert trend["this_year"][today.month:] == [None] * (12 - today.month)  # months to come are gaps, not zeros
    assert sum(v for v in trend["this_year"] if v) == pytest.approx(400.0)
    top = response.context["top_chart"]
    assert top["labels"] == ["FG-A", "FG-B"] and top["values"] == [210.0, 123.46]


@ERP
def test_month_labels_follow_the_language(client, role_user, scenario):
    client.force_login(role_user("Scheduling_Admin", language="es"))
    response = client.get(PAGE, {"customer": "C1"})
    assert response.context["trend_chart"]["labels"][:4] == ["Ene", "Feb", "Mar", "Abr"]


@ERP
def test_recent_shipments_and_top_products_are_on_the_page(analyst, scenario):
    response = analyst.get(PAGE, {"customer": "C1"})
    recent = response.context["recent_shipments"]
    assert [s.customer_id for s in recent] == ["C1"] * 8
    assert recent[0].ship_date > recent[-1].ship_date
    html = response.content.decode()
    assert "shipments/?customer=C1&amp;latest=10&amp;export=xlsx" in html
    assert [p.part_number for p in response.context["top_products"]] == ["FG-A", "FG-B"]


@ERP
def test_open_orders_list_shows_only_the_customer_open_lines_late_ones_marked(analyst, scenario):
    response = analyst.get(PAGE, {"customer": "C1"})
    rows = response.context["rows"]
    assert [(r["object"].sales_order_id, r["object"].line_number) for r in rows] == [
        ("SO1", 1), ("SO2", 1), ("SO1", 2)]
    assert [r["object"].is_late for r in rows] == [True, False, False]
    html = response.content.decode()
    assert html.count('<tr class="table-danger">') == 1


@ERP
def test_open_orders_sort_filter_and_refresh_with_htmx(analyst, scenario):
    response = analyst.get(PAGE, {"customer": "C1", "sort": "-open_value"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Customer sales analysis</h1>" not in html and 'id="list-results"' in html  # the table only
    assert [r["object"].line_number for r in response.context["rows"]] == [1, 2, 1]  # 150, 123.456, 60
    assert [r["object"].sales_order_id for r in response.context["rows"]] == ["SO1", "SO1", "SO2"]
    late = analyst.get(PAGE, {"customer": "C1", "late": "true"}, HTTP_HX_REQUEST="true")
    assert [r["object"].sales_order_id for r in late.context["rows"]] == ["SO1"]
    found = analyst.get(PAGE, {"customer": "C1", "q": "shampoo"})
    assert [r["object"].part_id for r in found.context["rows"]] == ["FG-B"]
    assert 'name="customer" value="C1"' in found.content.decode()  # filters keep the customer


@ERP
def test_excel_export_has_exactly_the_customer_open_lines(analyst, scenario):
    response = analyst.get(PAGE, {"customer": "C1", "export": "xlsx"})
    assert response.status_code == 200
    assert "open-orders-c1-" in response["Content-Disposition"]
    header, *rows = _xlsx_rows(response)
    assert header[:3] == ["Sales order", "Line", "Customer PO"] and header[-2:] == ["Open value", "Late"]
    assert [(r[0], r[1]) for r in rows] == [("SO1", 1), ("SO2", 1), ("SO1", 2)]
    assert [r[header.index("Open")] for r in rows] == [60, 20, 10]
    assert sum(r[header.index("Open value")] for r in rows) == pytest.approx(333.456)


@ERP
def test_recent_shipments_export_is_what_the_card_shows(analyst, scenario):
    response = analyst.get(f"{PAGE}shipments/", {"customer": "C1", "latest": 3, "export": "xlsx"})
    header, *rows = _xlsx_rows(response)
    today = timezone.localdate()
    assert [r[header.index("Ship date")].date() for r in rows] == [today + dt.timedelta(days=1), today,
                                                                    rows[2][0].date()]
    assert len(rows) == 3
    everything = analyst.get(f"{PAGE}shipments/", {"customer": "C1"})
    assert everything.context["paginator"].count == 8  # C2's shipment is not there


@ERP
@pytest.mark.parametrize("code", ["NOPE", "<b>x</b>", "X" * 300, "'; DROP TABLE erp_customer; --"])
def test_an_unknown_customer_is_a_clear_message(analyst, scenario, code):
    response = analyst.get(PAGE, {"customer": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No customer has the code" in html
    assert "<b>x</b>" not in html  # escaped
    assert Customer.objects.count() == 3
    shipments = analyst.get(f"{PAGE}shipments/", {"customer": code})
    assert shipments.status_code == 200 and "No customer has the code" in shipments.content.decode()


@ERP
def test_without_a_customer_the_page_offers_the_picker_and_top_customers(analyst, scenario):
    response = analyst.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="customer-find"' in html
    assert [r["customer_id"] for r in response.context["top_customers"]] == ["C2", "C1"]
    assert "No customer has the code" not in html


@ERP
def test_the_picker_without_javascript_finds_and_opens_a_single_match(analyst, scenario):
    response = analyst.get(PAGE, {"find": "acme"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?customer=C1"
    several = analyst.get(PAGE, {"find": "o"})  # Acme Foods, Other Ltd, Empty Co
    assert [c.customer_code for c in several.context["matches"]] == ["C1", "C3", "C2"]


@pytest.fixture
def tricky(erp_rows):
    names = {"T1": "O'Brien & Sons", "T2": "100% Natural", "T3": "1000 Lakes", "T4": "Under_Score",
             "T5": "Plain", "T6": "Drop; Table Supplies", "T7": "Núñez Hermanos", "T8": "東京精密"}
    erp_rows(Customer, [{"customer_code": code, "name": name} for code, name in names.items()])
    return names


@ERP
@pytest.mark.parametrize(("query", "expected"), [
    ("O'Brien", ["T1"]), ("100%", ["T2"]), ("_", ["T4"]), ("; DROP TABLE", ["T6"]), ("Núñez", ["T7"]),
    ("東京", ["T8"]), ("zzz", []),
])
def test_type_ahead_finds_customers_with_any_characters(analyst, tricky, query, expected):
    response = analyst.get(f"{PAGE}customers/", {"q": query}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert [c.customer_code for c in response.context["matches"]] == expected
    html = response.content.decode()
    for code in expected:
        assert f"?customer={code}" in html and escape(tricky[code]) in html
    if not expected:
        assert "No customer code or name contains" in html


@ERP
def test_type_ahead_bounds_the_number_of_options(analyst, erp_rows):
    erp_rows(Customer, [{"customer_code": f"K{i:03}", "name": f"Kilo {i}"} for i in range(30)])
    response = analyst.get(f"{PAGE}customers/", {"q": "kilo"})
    assert len(response.context["matches"]) == 20 and response.context["more_matches"]
    assert "type more to narrow the search" in response.content.decode()


def _customer_with_open_lines(erp_rows, count: int):
    today = timezone.localdate()
    erp_rows(Customer, [{"customer_code": "BIG", "name": "Big buyer"}])
    erp_rows(Part, [{"part_number": f"P{i}", "description": f"Part {i}", "part_type": "FG", "uom": "EA",
                     "unit_cost": 1} for i in range(count)])
    erp_rows(SalesOrder, [{"so_number": f"S{i}", "customer_code": "BIG", "order_date": today,
                           "order_type": "STANDARD", "facility": "CHI"} for i in range(count)])
    lines = erp_rows(SalesOrderLine, [
        {"so_number": f"S{i}", "line_number": 1, "customer_code": "BIG", "part_number": f"P{i}",
         "quantity_ordered": 10, "quantity_shipped": i % 3, "unit_price": 2,
         "due_date": today + dt.timedelta(days=i - 5), "order_type": "STANDARD", "facility": "CHI"}
        for i in range(count)])
    erp_rows(Shipment, [
        {"shipment_number": f"X{i}", "ship_date": today - dt.timedelta(days=i), "so_number": f"S{i}",
         "so_line_id": lines[i].pk, "customer_code": "BIG", "part_number": f"P{i}", "quantity": 1,
         "unit_price": 2, "value": 2, "facility": "CHI"} for i in range(count)])


def _count_queries(client, url, **headers):
    with CaptureQueriesContext(connections["default"]) as portal, CaptureQueriesContext(connections["erp"]) as erp:
        response = client.get(url, **headers)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(portal), len(erp)


URLS_TO_BUDGET = [f"{PAGE}?customer=BIG", f"{PAGE}?customer=BIG&sort=-open_value&page=2",
                  f"{PAGE}shipments/?customer=BIG", f"{PAGE}?customer=BIG&export=xlsx",
                  "/api/erp/sales/customers/BIG/summary/", "/api/erp/sales/customers/BIG/open-orders/",
                  "/api/erp/sales/customers/BIG/shipments/"]


@ERP
@pytest.mark.parametrize("lines", [5, 200])
def test_query_budget_of_the_page(analyst, erp_rows, lines, django_assert_max_num_queries):
    _customer_with_open_lines(erp_rows, lines)
    analyst.get(PAGE)  # session and permission caches warm, as for a user who is already working
    with django_assert_max_num_queries(8, connection=connections["erp"]):
        # customer, 2 KPI aggregates, monthly, top products, recent shipments, list count, list page
        analyst.get(PAGE, {"customer": "BIG"})
    with django_assert_max_num_queries(6):
        analyst.get(PAGE, {"customer": "BIG"})


@ERP
def test_query_counts_do_not_grow_with_the_customer(client_for, erp_rows):
    counts = {}
    for lines in (5, 200):
        # Fresh data per size inside the same test: clear and rebuild through erp_rows.
        from erp.demo import writer

        writer.clear()
        _customer_with_open_lines(erp_rows, lines)
        client = client_for("Scheduling_Admin")
        client.get(PAGE)
        counts[lines] = [_count_queries(client, url) for url in URLS_TO_BUDGET]
    assert counts[5] == counts[200], json.dumps(counts)
