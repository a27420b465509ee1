"""The balance report over a period (issue 32): opening, IN, OUT and closing per order and work center, the last
movement's user and department, the Excel export's totals row, chart sheet and zone header, CSV, and the API."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from production.services import record_movement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_dates")]


def _at(day: int, hour: int = 15) -> dt.datetime:  # 15:00 UTC is the same date in Chicago and Atlanta
    return dt.datetime(2026, 3, day, hour, tzinfo=dt.UTC)


@pytest.fixture
def ledger(shop):
    op, admin = shop["operator"], shop["admin"]
    record_movement(user=op, line=shop["assembly"], order_number="A-1", direction="IN", quantity=100, at=_at(2))
    record_movement(user=op, line=shop["assembly"], order_number="A-1", direction="OUT", quantity=30, at=_at(3))
    # a day of only OUTs
    record_movement(user=admin, line=shop["assembly"], order_number="A-1", direction="OUT", quantity=20, at=_at(5))
    record_movement(user=op, line=shop["welding"], order_number="W-1", direction="IN", quantity=40, at=_at(2))
    return shop


def _rows(response) -> dict:
    return {row["object"]["order__number"]: row["object"] for row in response.context["rows"]}


def test_a_day_of_only_outs_shows_opening_and_closing_balances(client, ledger):
    client.force_login(ledger["admin"])
    page = client.get("/production/report/", {"date_after": "2026-03-05", "date_before": "2026-03-05"})
    rows = _rows(page)
    a1 = rows["A-1"]
    assert (a1["opening"], a1["qty_in"], a1["qty_out"], a1["closing"]) == (70, 0, 20, 50)
    assert (a1["last_user"], a1["last_department"]) == ("prod_admin", None)  # the admin is in no department
    # W-1 did not move on the 5th but carries 40 into it
    w1 = rows["W-1"]
    assert (w1["opening"], w1["qty_in"], w1["qty_out"], w1["closing"]) == (40, 0, 0, 40)
    assert (w1["last_user"], w1["last_department"]) == ("op_prod", "Production")
    totals = page.context["totals"]
    assert (totals["opening"], totals["qty_out"], totals["closing"]) == (110, 20, 90)
    html = page.content.decode()
    assert "Opening balance" in html and "Closing balance" in html

    earlier = _rows(client.get("/production/report/", {"date_after": "2026-03-02", "date_before": "2026-03-03"}))
    assert (earlier["A-1"]["opening"], earlier["A-1"]["closing"], earlier["A-1"]["last_user"]) == (0, 70, "op_prod")
    # before anything moved: nothing to show
    assert client.get("/production/report/", {"date_before": "2026-03-01"}).context["rows"] == []


def test_the_excel_export_has_a_totals_row_a_chart_sheet_and_the_zone_in_the_time_header(client, ledger):
    client.force_login(ledger["admin"])
    export = client.get("/production/report/", {"date_after": "2026-03-05", "date_before": "2026-03-05",
                                                "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[4:8] == ["Opening balance", "IN", "OUT", "Closing balance"]
    time_header = header[9]
    assert time_header.startswith("Last movement (") and "time zone" in time_header  # Chicago and Atlanta
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert last[0] == "Total"
    assert last[4].startswith("=SUBTOTAL(109,E2:E3)") and last[7].startswith("=SUBTOTAL(109,H2:H3)")
    assert workbook.chartsheets and workbook.chartsheets[0].title == "Chart"


def test_one_zone_is_named_in_the_header(client, ledger):
    from portal.models import Facility
    from portal.services.localtime import forget_zones

    Facility.objects.filter(code="ATL").update(active=False)
    forget_zones()
    client.force_login(ledger["admin"])
    export = client.get("/production/report/", {"export": "xlsx"})
    header = [cell.value for cell in load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0][1]]
    assert "Last movement (America/Chicago)" in header
    forget_zones()


def test_csv_is_offered_with_the_same_rows(client, ledger):
    client.force_login(ledger["admin"])
    page = client.get("/production/report/").content.decode()
    assert "export=csv" in page
    response = client.get("/production/report/", {"date_after": "2026-03-05", "export": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][4:8] == ["Opening balance", "IN", "OUT", "Closing balance"]
    assert {line[2]: line[4:8] for line in lines[1:]} == {"A-1": ["70", "0", "20", "50"], "W-1": ["40", "0", "0", "40"]}


def test_the_api_answers_the_same_balances(client, ledger):
    client.force_login(ledger["admin"])
    rows = client.get("/api/production/balances/", {"date_after": "2026-03-05"}).json()["results"]
    a1 = next(row for row in rows if row["order"] == "A-1")
    assert (a1["opening"], a1["qty_in"], a1["qty_out"], a1["closing"], a1["last_user"]) == (70, 0, 20, 50,
                                                                                             "prod_admin")


def test_the_period_report_reads_a_bounded_number_of_queries(client, ledger, django_assert_max_num_queries):
    for n in range(30):
        record_movement(user=ledger["operator"], line=ledger["welding"], order_number=f"B-{n}", direction="IN",
                        quantity=n + 1, at=_at(4))
    client.force_login(ledger["admin"])
    with django_assert_max_num_queries(16):
        assert client.get("/production/report/", {"date_after": "2026-03-04", "per_page": "100"}).status_code == 200
