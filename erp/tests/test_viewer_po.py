"""Open PO viewer: open quantities, late lines marked, vendor/PO/part search, export, API."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from erp.models import PurchaseOrder, PurchaseOrderLine

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


@pytest.fixture
def pos(erp_rows, bom_scenario, vendor_and_customer):
    today = timezone.localdate()
    erp_rows(PurchaseOrder, [
        {"po_number": "PO-1", "vendor": "V1", "order_date": today - dt.timedelta(days=30), "facility": "CHI"},
        {"po_number": "PO-2", "vendor": "V2", "order_date": today - dt.timedelta(days=5), "facility": "MTY"},
    ])
    erp_rows(PurchaseOrderLine, [
        {"id": 1, "purchase_order": "PO-1", "line_number": 1, "vendor": "V1", "part": "C-1",
         "quantity_ordered": D("100"), "quantity_received": D("40"), "due_date": today - dt.timedelta(days=3),
         "unit_cost": D("1.5"), "status": "OPEN", "facility": "CHI"},
        {"id": 2, "purchase_order": "PO-1", "line_number": 2, "vendor": "V1", "part": "C-2",
         "quantity_ordered": D("10"), "quantity_received": D("10"), "due_date": today, "unit_cost": D("4"),
         "status": "OPEN", "facility": "CHI"},  # fully received: not open
        {"id": 3, "purchase_order": "PO-2", "line_number": 1, "vendor": "V2", "part": "C-2",
         "quantity_ordered": D("50"), "quantity_received": D("0"), "due_date": today + dt.timedelta(days=7),
         "unit_cost": D("4"), "status": "OPEN", "facility": "MTY"},
        {"id": 4, "purchase_order": "PO-2", "line_number": 2, "vendor": "V2", "part": "C-1",
         "quantity_ordered": D("5"), "quantity_received": D("0"), "due_date": today, "unit_cost": D("1"),
         "status": "CLOSED", "facility": "MTY"},  # closed short: not open
    ])


def test_open_lines_with_open_quantity_and_late_marker(client_for, pos):
    page = client_for("Scheduling_User").get("/erp/po/")
    rows = page.context["rows"]
    assert [r["object"].id for r in rows] == [1, 3]  # by due date
    assert D(str(rows[0]["object"].open_qty)) == D("60") and D(str(rows[0]["object"].open_value)) == D("90")
    assert rows[0]["css"] == "table-danger" and rows[1]["css"] == ""
    assert {c.key: v for c, v, _ in rows[0]["cells"]}["days_late"] == 3


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "PO-2"}, [3]), ({"q": "o'brien"}, [1]), ({"q": "Núñez"}, [3]), ({"q": "東京"}, [1]),
    ({"vendor": "V2"}, [3]), ({"late": "true"}, [1]), ({"late": "false"}, [3]), ({"facility": "chi"}, [1]),
    ({"q": "%"}, [3]), ({"q": "' OR 1=1; --"}, []),
])
def test_filters(client_for, pos, params, expected):
    rows = client_for("DowntimeTracker_Admin").get("/erp/po/", params).context["rows"]
    assert [r["object"].id for r in rows] == expected


def test_export_marks_days_late(client_for, pos):
    response = client_for("Scheduling_User").get("/erp/po/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    late = header.index("Days late")
    assert [row[late] for row in sheet.iter_rows(min_row=2, values_only=True)] == [3, None]


def test_api_and_permissions(client_for, pos):
    data = client_for("Scheduling_User").get("/api/erp/po-lines/", {"late": "true"}).json()
    assert [(r["po_number"], r["late"], r["open_quantity"]) for r in data["results"]] == [("PO-1", True, "60.000000")]
    assert client_for("DowntimeTracker_User").get("/erp/po/").status_code == 403


def test_query_count_bounded(client_for, erp_data, django_assert_max_num_queries):
    client = client_for("Scheduling_User")
    with django_assert_max_num_queries(12):
        client.get("/erp/po/", {"per_page": "250"})
