"""MRP pages and API: what each role sees, filters, expansion, refresh with progress, exports, query budgets."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from mrp.engine.forecast import add_working_days
from mrp.models import MrpLine, MrpRun, MrpShortage
from mrp.reports import shipment_forecast
from mrp.services import execute_run, request_run

pytestmark = pytest.mark.django_db(databases=["default", "erp"])

# (role, dashboard, shortage report): the seed's module notes govern (docs/access.md)
DASHBOARD_ROLES = [("Scheduling_Admin", 200, 200), ("Scheduling_User", 403, 200),
                   ("Production_Portal_Admin", 200, 200), ("DowntimeTracker_Admin", 403, 403),
                   ("DowntimeTracker_User", 403, 403)]


@pytest.mark.parametrize(("role", "dashboard", "shortages"), DASHBOARD_ROLES)
def test_dashboard_and_shortages_follow_the_seeds_module_notes(client_for, stored_run, role, dashboard, shortages):
    client = client_for(role)
    assert client.get("/mrp/").status_code == dashboard
    assert client.get("/api/mrp/lines/").status_code == dashboard
    assert client.get("/mrp/shortages/").status_code == shortages
    assert client.get("/api/mrp/shortages/").status_code == shortages


@pytest.mark.parametrize(("role", "expected"), [("Scheduling_Admin", 200), ("Production_Portal_Admin", 200),
                                                ("Scheduling_User", 403), ("DowntimeTracker_Admin", 403)])
def test_customer_summary_is_for_scheduling_admins_and_portal_admins(client_for, stored_run, role, expected):
    assert client_for(role).get("/mrp/customer/").status_code == expected
    assert client_for(role).get("/api/mrp/customer-summary/").status_code == expected


@pytest.mark.parametrize(("role", "expected"), [("DowntimeTracker_Admin", 200), ("Scheduling_User", 200),
                                                ("DowntimeTracker_User", 403)])
def test_forecast_is_a_report(client_for, stored_run, role, expected):
    assert client_for(role).get("/mrp/forecast/").status_code == expected


def test_hub_lists_the_reports_by_permission(client_for, stored_run):
    body = client_for("Scheduling_User").get("/reports/").content.decode()
    assert "/mrp/shortages/" in body and "/mrp/forecast/" in body and "/mrp/customer/" not in body
    assert "/mrp/customer/" in client_for("Scheduling_Admin").get("/reports/").content.decode()


def test_dashboard_lists_every_line_with_status_and_run_age(client_for, stored_run):
    page = client_for("Scheduling_Admin").get("/mrp/")
    rows = page.context["rows"]
    assert [r["object"].so_line_id for r in rows] == [1, 2, 3, 4, 5]
    cells = {c.key: v for c, v, _ in rows[3]["cells"]}
    assert (cells["get_status_display"], cells["bottleneck"]) == ("Critical shortage", "no BOM")
    assert rows[3]["css"] == "table-danger" and rows[2]["css"] == "table-warning" and rows[0]["css"] == ""
    body = page.content.decode()
    assert "MRP run of" in body and "ago" in body and "Refresh" in body


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "CRITICAL_SHORTAGE"}, [4, 5]), ({"customer": "núñez"}, [2, 4, 5]), ({"customer": "CU1"}, [1, 3]),
    ({"business_unit": "Drinks"}, [3, 5]), ({"part": "fg-a"}, [1, 2]), ({"group": "at_risk"}, [3]),
    ({"q": "' OR 1=1 --"}, []), ({"status": "NOPE"}, []),
])
def test_dashboard_filters(client_for, stored_run, params, expected):
    rows = client_for("Scheduling_Admin").get("/mrp/", params).context["rows"]
    assert [r["object"].so_line_id for r in rows] == expected


def test_dashboard_due_date_filter(client_for, stored_run):
    today = stored_run.as_of
    params = {"due_after": today + dt.timedelta(days=2), "due_before": today + dt.timedelta(days=20)}
    rows = client_for("Scheduling_Admin").get("/mrp/", params).context["rows"]
    assert [r["object"].so_line_id for r in rows] == [2, 3, 4]


def test_row_expands_to_components(client_for, stored_run):
    line = MrpLine.objects.get(run=stored_run, so_line_id=3)
    body = client_for("Scheduling_Admin").get(f"/mrp/lines/{line.pk}/components/").content.decode()
    assert "C-1 description" in body and "bottleneck" in body and "1.6" in body and "2.2" in body
    assert client_for("DowntimeTracker_Admin").get(f"/mrp/lines/{line.pk}/components/").status_code == 403
    assert client_for("Scheduling_Admin").get("/mrp/lines/999999/components/").status_code == 404


def test_dashboard_query_count_does_not_grow_with_rows(client_for, stored_run):
    client = client_for("Scheduling_Admin")
    client.get("/mrp/")
    with CaptureQueriesContext(connection) as small:
        client.get("/mrp/")
    execute_run(request_run()[0])  # a newer run: same page, same number of queries
    MrpLine.objects.bulk_create([MrpLine(run=MrpRun.objects.latest_done(), position=100 + i, so_line_id=100 + i,
                                         so_number="SO-X", line_number=i, customer_code="CU1", part_number="FG-A",
                                         due_date=stored_run.as_of, quantity=1, status="READY_TO_SHIP")
                                 for i in range(60)])
    with CaptureQueriesContext(connection) as big:
        client.get("/mrp/")
    assert len(big) == len(small) and len(small) <= 15


def test_dashboard_export(client_for, stored_run):
    response = client_for("Scheduling_Admin").get("/mrp/", {"export": "xlsx", "status": "CRITICAL_SHORTAGE"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "SO" and len(values) == 3
    assert "no BOM" in values[1]


def test_without_a_run_pages_say_so(client_for, mrp_scenario):
    body = client_for("Scheduling_Admin").get("/mrp/").content.decode()
    assert "No MRP run yet." in body
    assert client_for("Scheduling_Admin").get("/mrp/shortages/").status_code == 200
    assert client_for("Scheduling_Admin").get("/mrp/forecast/").status_code == 200
    assert client_for("Scheduling_Admin").get("/api/mrp/runs/").status_code == 404


def test_refresh_runs_the_engine_and_shows_progress(client_for, mrp_scenario, django_capture_on_commit_callbacks):
    client = client_for("Scheduling_Admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mrp/refresh/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    run = MrpRun.objects.get()
    assert run.status == MrpRun.Status.DONE and run.requested_by.username
    # The progress panel of a finished run tells htmx to reload the page.
    polled = client.get(f"/mrp/runs/{run.pk}/status/", {"poll": "1"}, headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Refresh"] == "true"
    assert client.get("/mrp/").context["run"] == run
    assert client_for("DowntimeTracker_Admin").post("/mrp/refresh/").status_code == 403
    assert client.get("/mrp/refresh/").status_code == 405


def test_progress_panel_of_a_running_run(client_for, mrp_scenario):
    run, _ = request_run()
    MrpRun.objects.filter(pk=run.pk).update(status=MrpRun.Status.RUNNING, progress=40, step="Allocating")
    body = client_for("Scheduling_Admin").get("/mrp/").content.decode()
    assert "Refreshing MRP: Allocating" in body and 'aria-valuenow="40"' in body and "every 1s" in body


def test_shortage_report_filters_and_export(client_for, stored_run):
    client = client_for("Scheduling_Admin")
    (row,) = client.get("/mrp/shortages/").context["rows"]
    assert (row.component, row.shortfall, row.on_hand, row.open_po, row.lines) == ("C-1", D("3.2"), D(4), D(1), 2)
    assert row.customers == ["Acme Foods", "Núñez SA"] and row.so_numbers == ["SO-1", "SO-3"]
    assert row.earliest_due == stored_run.as_of + dt.timedelta(days=3)
    (urgent,) = client.get("/mrp/shortages/", {"urgency": "7"}).context["rows"]
    assert urgent.shortfall == D("1.6") and urgent.so_numbers == ["SO-1"]
    assert client.get("/mrp/shortages/", {"customer": "zzz"}).context["rows"] == []
    assert len(client.get("/mrp/shortages/", {"q": "c-1 núñez"}).context["rows"]) == 1
    bad = client.get("/mrp/shortages/", {"urgency": "999"})
    assert bad.status_code == 200 and bad.context["rows"] == [] and bad.context["form"].errors
    response = client.get("/mrp/shortages/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[1][0] == "C-1" and float(values[1][5]) == pytest.approx(3.2)


def test_shortage_report_query_count_does_not_grow_with_rows(client_for, stored_run):
    client = client_for("Scheduling_Admin")
    client.get("/mrp/shortages/")
    with CaptureQueriesContext(connection) as small:
        client.get("/mrp/shortages/")
    MrpShortage.objects.bulk_create([
        MrpShortage(run=stored_run, component=f"C-{100 + i}", so_line_id=100 + i, so_number=f"SO-{100 + i}",
                    customer_code="CU1", customer_name="Acme Foods", part_number="FG-A",
                    due_date=stored_run.as_of, shortfall=D(1))
        for i in range(80)])  # more components than a page shows
    with CaptureQueriesContext(connection) as big:
        page = client.get("/mrp/shortages/")
    assert page.context["paginator"].count == 81 and len(page.context["rows"]) == 50
    assert len(big) == len(small) and len(small) <= 15
    export = client.get("/mrp/shortages/", {"export": "xlsx"})
    assert export.streaming  # the whole filtered report, streamed
    assert len(list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)) == 82


def test_customer_summary_cards(client_for, stored_run):
    page = client_for("Scheduling_Admin").get("/mrp/customer/", {"customer": "CU2"})
    cards = page.context["cards"]
    assert (cards.total, cards.on_track, cards.at_risk, cards.critical) == (3, 1, 0, 2)
    assert cards.total_value == D("115.50")  # (4 + 6 + 1) × 10.50
    assert [r["object"].so_line_id for r in page.context["rows"]] == [2, 4, 5]
    api = client_for("Scheduling_Admin").get("/api/mrp/customer-summary/", {"customer": "CU1"}).json()
    assert (api["total"], api["on_track"], api["at_risk"], api["critical"]) == (2, 1, 1, 0)


def _line(run, position, due, status, remainder=0, value="100"):
    return MrpLine(run=run, position=position, so_line_id=position, so_number=f"SO-{position}", line_number=1,
                   customer_code="CU1", part_number="FG", due_date=due, quantity=1, value=D(value), status=status,
                   remainder=remainder)


def test_shipment_forecast_split_with_lead_time(db):
    run = MrpRun.objects.create(status=MrpRun.Status.DONE)
    today = dt.date(2026, 3, 5)  # a Thursday: 2 working days on is Monday the 9th, well within March
    assert add_working_days(today, 2) == dt.date(2026, 3, 9)
    MrpLine.objects.bulk_create([
        _line(run, 1, dt.date(2026, 3, 2), "READY_TO_SHIP"),  # overdue but in stock: likely
        _line(run, 2, dt.date(2026, 3, 6), "FULL_PRODUCTION_READY", remainder=5),  # built by the 9th: likely
        _line(run, 3, dt.date(2026, 3, 9), "FULL_PRODUCTION_READY", remainder=5, value="250"),  # likely
        _line(run, 4, dt.date(2026, 3, 6), "JOB_CREATED"),  # its job runs by the 9th: likely
        _line(run, 5, dt.date(2026, 3, 20), "PARTIAL_SHIP", remainder=2, value="40"),  # at risk
        _line(run, 6, dt.date(2026, 4, 1), "READY_TO_SHIP"),  # next month: out
        _line(run, 7, dt.date(2026, 2, 28), "READY_TO_SHIP"),  # last month: out
    ])
    forecast = shipment_forecast(run, today, lead_days=2)
    assert [line.position for line in forecast.likely] == [1, 2, 4, 3]
    assert [line.position for line in forecast.at_risk] == [5]
    assert forecast.at_risk[0].forecast_reason == "partial"
    assert (forecast.likely_value, forecast.at_risk_value) == (D(550), D(40))
    assert (forecast.likely_count, forecast.at_risk_count) == (4, 1)
    # Three working days before the month ends, production no longer fits: the same lines turn at risk
    late = shipment_forecast(run, dt.date(2026, 3, 30), lead_days=2)
    assert [line.position for line in late.likely] == [1]
    assert [(line.position, line.forecast_reason) for line in late.at_risk] == [
        (2, "lead"), (4, "lead"), (3, "lead"), (5, "partial")]
    limited = shipment_forecast(run, today, lead_days=2, limit=1)
    assert [line.position for line in limited.likely] == [1] and limited.likely_value == D(550)


SEVEN = ["READY_TO_SHIP", "PENDING_QC", "JOB_CREATED", "FULL_PRODUCTION_READY", "PARTIAL_SHIP",
         "PARTIAL_PRODUCTION_READY", "CRITICAL_SHORTAGE"]
# September 2026 ends on a Wednesday, October 2026 on a Saturday.
EDGES = {
    "first day of the month": (dt.date(2026, 9, 1), True),
    "today + 2 working days is the last day": (dt.date(2026, 9, 28), True),
    "today + 2 working days is the next month's first": (dt.date(2026, 9, 29), False),
    "last day of the month": (dt.date(2026, 9, 30), False),
    "month ending on a weekend, +2 lands on Friday": (dt.date(2026, 10, 28), True),
    "month ending on a weekend, +2 lands on Monday after": (dt.date(2026, 10, 29), False),
}
# Per status: (material lets it ship in full, production remains)
RULE = {"READY_TO_SHIP": (True, False), "PENDING_QC": (True, False), "JOB_CREATED": (True, True),
        "FULL_PRODUCTION_READY": (True, True), "PARTIAL_SHIP": (False, True),
        "PARTIAL_PRODUCTION_READY": (False, True), "CRITICAL_SHORTAGE": (False, True)}


@pytest.mark.parametrize("edge", EDGES)
@pytest.mark.parametrize("status", SEVEN)
def test_one_forecast_rule_for_all_seven_statuses_at_the_months_edges(db, status, edge):
    today, production_fits = EDGES[edge]
    run = MrpRun.objects.create(status=MrpRun.Status.DONE)
    start = today.replace(day=1)
    remainder = 0 if status in ("READY_TO_SHIP", "PENDING_QC", "JOB_CREATED") else 7
    # Due early and due late in the month: the due date does not decide, the month's shipping window does
    MrpLine.objects.bulk_create([_line(run, 1, start, status, remainder), _line(run, 2, today, status, remainder)])
    in_full, production = RULE[status]
    expect_likely = in_full and (production_fits or not production)
    forecast = shipment_forecast(run, today, lead_days=2)
    assert (forecast.likely_count, forecast.at_risk_count) == ((2, 0) if expect_likely else (0, 2))
    listed = forecast.likely if expect_likely else forecast.at_risk
    assert [line.position for line in listed] == [1, 2]
    reason = None if expect_likely else ("shortage" if status == "CRITICAL_SHORTAGE" else
                                         "partial" if not in_full else "lead")
    assert {line.forecast_reason for line in listed} == {reason}


def test_api_lines_shortages_forecast_and_refresh(client_for, stored_run, django_capture_on_commit_callbacks):
    client = client_for("Scheduling_Admin")
    data = client.get("/api/mrp/lines/", {"status": "PARTIAL_PRODUCTION_READY"}).json()
    (line,) = data["results"]
    assert (line["so_line_id"], line["producible"], line["bottleneck"]) == (3, 2, "C-1")
    assert line["components"][0]["part_number"] == "C-1" and line["components"][0]["shortfall"] == "1.6"
    (shortage,) = client.get("/api/mrp/shortages/").json()
    assert D(shortage["shortfall"]) == D("3.2") and shortage["so_numbers"] == ["SO-1", "SO-3"]
    assert client.get("/api/mrp/shortages/", {"urgency": "5"}).status_code == 400
    forecast = client.get("/api/mrp/forecast/").json()
    assert forecast["lead_days"] == 2 and "likely" in forecast
    assert client.get("/api/mrp/runs/").json()["id"] == stored_run.pk
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post("/api/mrp/runs/")
    assert posted.status_code == 202 and MrpRun.objects.get(pk=posted.json()["id"]).status == MrpRun.Status.DONE
    assert client_for("DowntimeTracker_Admin").post("/api/mrp/runs/").status_code == 403


def test_customer_summary_cards_follow_an_htmx_filter(client_for, stored_run):
    """The filter form refreshes the results by htmx: the cards come along (out of band) with the filtered
    figures, not the ones of the page first loaded."""
    client = client_for("Scheduling_Admin")
    whole = client.get("/mrp/customer/").context["cards"]
    response = client.get("/mrp/customer/", {"customer": "CU2"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="mrp-cards" hx-swap-oob="true"' in html and 'id="list-results"' in html
    cards = response.context["cards"]
    assert (cards.total, cards.critical) == (3, 2) != (whole.total, whole.critical)
    assert "$115.50" in html


def test_customer_is_picked_from_a_searchable_list_of_the_runs_customers(client_for, stored_run):
    html = client_for("Scheduling_Admin").get("/mrp/customer/").content.decode()
    assert 'list="id_customer-options"' in html and '<datalist id="id_customer-options">' in html
    assert '<option value="CU1">Acme Foods</option>' in html and '<option value="CU2">Núñez SA</option>' in html


def test_shortage_filters_apply_on_change_by_htmx(client_for, stored_run):
    """"Due within" (a select) and the text boxes refresh the results on change, like the shared lists; the
    refreshed page carries the results and the export link with the new filters."""
    client = client_for("Scheduling_Admin")
    html = client.get("/mrp/shortages/").content.decode()
    start = html.index('role="search"')
    form = html[start:html.index("</form>", start)]
    assert 'hx-trigger="change' in form and 'hx-target="#shortage-results"' in form and 'name="urgency"' in form
    response = client.get("/mrp/shortages/", {"urgency": "7"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'id="shortage-results"' in page and 'id="shortage-export"' in page and "?urgency=7&export=xlsx" in page
