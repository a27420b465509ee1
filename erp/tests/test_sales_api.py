"""REST endpoints of the customer sales analysis: figures, pagination, 404s and the permission."""

import pytest
from django.utils import timezone

from erp.models import Customer

from . import sales_scenario

ERP = pytest.mark.django_db(databases=["default", "erp"])
API = "/api/erp/sales/customers/"


@pytest.fixture
def scenario(erp_rows):
    return sales_scenario.build(erp_rows, timezone.localdate())


@pytest.fixture
def api(client_for):
    return client_for("Scheduling_Admin")


@ERP
def test_summary_gives_the_kpis_monthly_series_and_top_products(api, scenario):
    response = api.get(f"{API}C1/summary/")
    assert response.status_code == 200
    data = response.json()
    assert data["customer"]["customer_code"] == "C1" and data["customer"]["name"] == "Acme Foods"
    assert data["as_of"] == timezone.localdate().isoformat()
    kpis = data["kpis"]
    assert (kpis["ytd_sales"], kpis["open_order_value"], kpis["average_open_order_value"]) == (
        "400.00", "333.46", "166.73")
    assert (kpis["open_order_count"], kpis["open_line_count"], kpis["late_line_count"]) == (2, 3, 1)
    months = data["monthly"]["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert sum(float(m["this_year"]) for m in months) == pytest.approx(400.0)
    assert [(p["part_number"], p["open_value"]) for p in data["top_products"]] == [("FG-A", "210.00"),
                                                                                   ("FG-B", "123.46")]


@ERP
def test_summary_of_a_customer_with_nothing_is_zeros(api, scenario):
    kpis = api.get(f"{API}C3/summary/").json()["kpis"]
    assert kpis["average_open_order_value"] == "0.00" and kpis["open_order_count"] == 0
    assert kpis["ytd_change_percent"] is None


@ERP
@pytest.mark.parametrize("suffix", ["summary/", "open-orders/", "shipments/"])
def test_an_unknown_customer_is_a_404_with_a_message(api, scenario, suffix):
    response = api.get(f"{API}NOPE/{suffix}")
    assert response.status_code == 404
    assert "NOPE" in response.json()["detail"]


@ERP
def test_open_orders_are_paginated_open_lines(api, scenario):
    data = api.get(f"{API}C1/open-orders/").json()
    assert data["count"] == 3 and data["next"] is None
    first = data["results"][0]
    assert (first["sales_order"], first["line_number"], first["open_quantity"], first["open_value"],
            first["is_late"], first["customer_po"], first["description"]) == (
        "SO1", 1, "60.0000", "150.00", True, "PO-77", "Soap bar")
    late = api.get(f"{API}C1/open-orders/", {"late": "true"}).json()
    assert [r["sales_order"] for r in late["results"]] == ["SO1"]


@ERP
def test_shipments_are_most_recent_first(api, scenario):
    data = api.get(f"{API}C1/shipments/").json()
    assert data["count"] == 8
    dates = [r["ship_date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)
    assert {r["part"] for r in data["results"]} == {"FG-C"}


@ERP
def test_customer_search(api, erp_rows):
    erp_rows(Customer, [{"customer_code": "T1", "name": "100% Natural"}, {"customer_code": "T2", "name": "1000 Lakes"},
                        {"customer_code": "T3", "name": "東京精密"}])
    assert [c["customer_code"] for c in api.get(API, {"q": "100%"}).json()["results"]] == ["T1"]
    assert [c["customer_code"] for c in api.get(API, {"q": "東京"}).json()["results"]] == ["T3"]
    assert api.get(API).json()["count"] == 3


@ERP
@pytest.mark.parametrize("url", [API, f"{API}C1/summary/", f"{API}C1/open-orders/", f"{API}C1/shipments/"])
def test_endpoints_need_the_customer_analysis_permission(client, client_for, scenario, url):
    assert client.get(url).status_code in (401, 403)
    assert client_for("DowntimeTracker_User").get(url).status_code == 403
    assert client_for("Scheduling_User").get(url).status_code == 403  # the seed's module notes (docs/access.md)
    assert client_for("Scheduling_Admin").get(url).status_code == 200


MY_VIEWS = ("CustomerSearchView", "CustomerSummaryView", "CustomerOpenOrdersView", "CustomerShipmentsView")


@pytest.mark.django_db
def test_the_schema_describes_the_endpoints_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = [msg for msg in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
                if "erp/api/sales.py" in msg or any(view in msg for view in MY_VIEWS)]
    assert not problems, problems
    summary = schema["paths"]["/api/erp/sales/customers/{code}/summary/"]["get"]
    assert summary["parameters"][0]["name"] == "code" and summary["parameters"][0]["schema"]["type"] == "string"
    open_orders = schema["paths"]["/api/erp/sales/customers/{code}/open-orders/"]["get"]
    assert {"code", "page", "q", "late"} <= {p["name"] for p in open_orders["parameters"]}
