"""Live open jobs: list, filters, expandable yield per component with the documented formulas, API."""

import datetime as dt
from decimal import Decimal as D

import pytest

from erp.models import Job, JobMaterialTransaction, SalesOrder
from erp.services.jobs import job_yield

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


@pytest.fixture
def jobs(erp_rows, bom_scenario, vendor_and_customer):
    erp_rows(SalesOrder, [{"so_number": "SO-1", "customer": "CU1", "order_date": "2026-01-05",
                           "order_type": "STANDARD", "facility": "CHI"}])
    erp_rows(Job, [
        {"job_number": "J-100", "part": "FG-1", "sales_order": "SO-1", "quantity_required": D("100"),
         "quantity_completed": D("40"), "status": "STARTED", "facility": "CHI", "line_code": "CHI-L01",
         "created_date": "2026-01-06"},
        {"job_number": "J-200", "part": "FG-1", "quantity_required": D("10"), "quantity_completed": D("0"),
         "status": "RELEASED", "facility": "MTY", "line_code": "MTY-L01", "created_date": "2026-01-07"},
        {"job_number": "J-300", "part": "FG-1", "quantity_required": D("10"), "quantity_completed": D("10"),
         "status": "CLOSED", "facility": "CHI", "line_code": "CHI-L01", "created_date": "2026-01-01"},
    ])
    day = dt.date(2026, 1, 8)

    def tx(component, kind, quantity):
        return {"job": "J-100", "component": component, "transaction_type": kind, "quantity": D(quantity),
                "transaction_date": day}

    erp_rows(JobMaterialTransaction, [
        # C-1 ($1): issued 100 + 20, 10 returned, 90 relieved, 4 scrapped -> net 110, loss 20, $20, 18.18 %
        tx("C-1", "ISSUE", "100"),
        tx("C-1", "ISSUE", "20"),
        tx("C-1", "DEISSUE", "10"),
        tx("C-1", "RELIEVE", "90"),
        tx("C-1", "SCRAP", "4"),
        # C-2 ($4): issued 20, relieved 20 -> no loss
        tx("C-2", "ISSUE", "20"),
        tx("C-2", "RELIEVE", "20"),
    ])


def test_yield_formulas(jobs):
    result = job_yield(Job.objects.get(pk="J-100"))
    c1, c2 = result.components
    assert (c1.net_issued, c1.relieved, c1.scrapped, c1.loss_quantity) == (D(110), D(90), D(4), D(20))
    assert c1.yield_cost == D(20) and round(c1.loss_percent, 2) == D("18.18")
    assert c2.loss_quantity == 0 and c2.loss_percent == 0
    # job level, cost weighted: $20 loss of $110 + $80 issued
    assert result.yield_cost == D(20) and round(result.loss_percent, 2) == D("10.53")


def test_job_without_material_has_zero_yield(jobs):
    result = job_yield(Job.objects.get(pk="J-200"))
    assert result.components == [] and result.loss_percent == 0


def test_list_shows_open_jobs_only_with_customer(client_for, jobs):
    rows = client_for("Scheduling_User").get("/erp/jobs/").context["rows"]
    assert [r["object"].job_number for r in rows] == ["J-100", "J-200"]
    cells = {c.key: v for c, v, _ in rows[0]["cells"]}
    assert cells["sales_order.customer.name"] == "Acme 東京" and D(str(cells["percent_complete"])) == 40
    assert rows[0]["detail_url"] == "/erp/jobs/J-100/transactions/"


@pytest.mark.parametrize(("params", "expected"), [
    ({"customer": "CU1"}, ["J-100"]), ({"customer": "東京"}, ["J-100"]), ({"so": "SO-1"}, ["J-100"]),
    ({"facility": "MTY"}, ["J-200"]), ({"status": "RELEASED"}, ["J-200"]), ({"job": "J-2"}, ["J-200"]),
    ({"sort": "-job_number"}, ["J-200", "J-100"]), ({"q": "J-100"}, ["J-100"]), ({"status": "CLOSED"}, []),
])
def test_filters_and_sort(client_for, jobs, params, expected):
    rows = client_for("DowntimeTracker_Admin").get("/erp/jobs/", params).context["rows"]
    assert [r["object"].job_number for r in rows] == expected


def test_expanded_row_shows_transactions_and_formulas(client_for, jobs):
    client = client_for("Scheduling_User")
    body = client.get("/erp/jobs/J-100/transactions/").content.decode()
    assert "C-1" in body and "18.2%" in body and "$20.00" in body
    page = client.get("/erp/jobs/").content.decode()
    assert "yield loss % = yield loss ÷ net issued × 100" in page and 'id="auto-refresh"' in page
    assert client.get("/erp/jobs/NOPE/transactions/").status_code == 404


def test_permission_is_view_reports(client_for, jobs):
    assert client_for("DowntimeTracker_User").get("/erp/jobs/").status_code == 403
    assert client_for("DowntimeTracker_Admin").get("/erp/jobs/").status_code == 200


def test_api(client_for, jobs):
    client = client_for("Scheduling_User")
    data = client.get("/api/erp/jobs/", {"customer": "CU1"}).json()
    assert [r["job_number"] for r in data["results"]] == ["J-100"]
    assert data["results"][0]["customer_name"] == "Acme 東京"
    yield_data = client.get("/api/erp/jobs/J-100/yield/").json()
    assert yield_data["yield_cost"] == "20.000000" and yield_data["components"][0]["loss_quantity"] == "20.000000"


def test_query_count_bounded(client_for, erp_data, django_assert_max_num_queries):
    client = client_for("Scheduling_User")
    with django_assert_max_num_queries(12):
        client.get("/erp/jobs/", {"per_page": "250"})
