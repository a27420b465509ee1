"""Planners' Excel round trip (issue 33 §11): a list exported through its import-export resource (the page's
filters applied), edited in Excel and imported back on the list's import page: dry-run preview, then every row
or none."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from scheduling.planning.models import CapacityTarget, OrderItem, PlanningOrder

from .conftest import MAR2, make_order

pytestmark = pytest.mark.django_db


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    return workbook, sheet, headers


def _rows(sheet, headers):
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def _import(client, url, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "round-trip.xlsx"
    preview = client.post(url, {"import_file": buffer})
    assert preview.status_code == 200
    return preview


def test_capacity_targets_export_edit_import(scenario, client_for):
    facility, l1 = scenario["facility"], scenario["l1"]
    target = CapacityTarget.objects.create(facility=facility, line=l1, period="day", units=1800, valid_from=MAR2)
    client = client_for("Planning_Admin")
    page = client.get("/planning/capacity/")
    assert page.status_code == 200
    assert "export=roundtrip" in page.content.decode() and "/planning/capacity/import/" in page.content.decode()

    workbook, sheet, headers = _workbook(client.get("/planning/capacity/?export=roundtrip"))
    assert headers == ["id", "facility", "line", "machine_type", "period", "units", "valid_from", "note"]
    (row,) = _rows(sheet, headers)
    # numbers and dates are Excel cells, a line is FACILITY/LINE: what the import reads back
    assert (row["id"].value, row["line"].value, row["units"].value) == (target.pk, "MAIN/L1", 1800)
    assert row["valid_from"].is_date
    row["units"].value = 1900  # edited in Excel
    sheet.append([None, "MAIN", None, "laser", "week", 5000, MAR2, "new in Excel"])  # a row added

    preview = _import(client, "/planning/capacity/import/", workbook)
    assert preview.context["token"] and not preview.context["problems"]
    assert CapacityTarget.objects.get(pk=target.pk).units == 1800  # a preview writes nothing
    done = client.post("/planning/capacity/import/", {"token": preview.context["token"], "format": "xlsx"})
    assert done.status_code == 302
    assert CapacityTarget.objects.get(pk=target.pk).units == 1900
    added = CapacityTarget.objects.get(machine_type="laser")
    assert (added.period, added.units, added.note) == ("week", 5000, "new in Excel")


def test_a_bad_capacity_row_is_a_row_error_and_nothing_is_written(scenario, client_for):
    client = client_for("Planning_Admin")
    workbook, sheet, headers = _workbook(client.get("/planning/capacity/?export=roundtrip"))
    sheet.append([None, "MAIN", "MAIN/L1", None, "day", 100, MAR2, ""])
    sheet.append([None, "MAIN", "MAIN/NOPE", None, "day", 100, MAR2, ""])  # an unknown line
    preview = _import(client, "/planning/capacity/import/", workbook)
    assert not preview.context["token"]
    problems = " ".join(m for problem in preview.context["problems"] for m in problem.messages)
    assert "MAIN/NOPE" in problems
    assert not CapacityTarget.objects.exists()


def test_only_planning_admins_import_capacity_targets_planners_read_them(scenario, client_for):
    client = client_for("Planner")
    page = client.get("/planning/capacity/")
    assert page.status_code == 200 and "/planning/capacity/import/" not in page.content.decode()
    assert client.get("/planning/capacity/?export=roundtrip").status_code == 200
    assert client.get("/planning/capacity/import/").status_code == 403


def test_planning_orders_round_trip_keeps_the_filter_and_updates_the_item(scenario, client_for):
    client = client_for("Planner")
    workbook, sheet, headers = _workbook(client.get("/planning/orders/?q=A&export=roundtrip"))
    assert headers[:3] == ["id", "number", "facility"]
    rows = _rows(sheet, headers)
    assert [r["number"].value for r in rows] == ["A"]  # the page's filter
    (row,) = rows
    assert (row["product"].value, row["quantity"].value, row["product_family"].value) == ("P-A", 400, "BRACKET")
    row["quantity"].value = 450
    row["customer"].value = "ACME"
    preview = _import(client, "/planning/orders/import/", workbook)
    assert preview.context["token"] and not preview.context["problems"]
    client.post("/planning/orders/import/", {"token": preview.context["token"], "format": "xlsx"})
    order = PlanningOrder.objects.get(number="A")
    assert order.customer == "ACME" and OrderItem.objects.get(order=order).quantity == 450


def test_the_orders_round_trip_export_reads_items_once_per_chunk(scenario, client_for):
    client = client_for("Planner")
    for n in range(3):
        make_order(f"X{n}", scenario["facility"], scenario["routing"], 10 + n, MAR2)
    with CaptureQueriesContext(connection) as few:
        _workbook(client.get("/planning/orders/?export=roundtrip"))
    for n in range(3, 30):
        make_order(f"X{n}", scenario["facility"], scenario["routing"], 10 + n, MAR2)
    with CaptureQueriesContext(connection) as many:
        _, sheet, _headers = _workbook(client.get("/planning/orders/?export=roundtrip"))
    assert sheet.max_row == 1 + 32
    assert len(many) == len(few)  # no query per order


def test_the_capacity_targets_page_reads_a_fixed_number_of_queries(scenario, client_for):
    client = client_for("Planner")
    facility, l1 = scenario["facility"], scenario["l1"]
    CapacityTarget.objects.create(facility=facility, line=l1, period="day", units=100, valid_from=MAR2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/planning/capacity/").status_code == 200
    for n in range(1, 20):
        CapacityTarget.objects.create(facility=facility, line=l1, period="week", units=100 + n,
                                      valid_from=MAR2.replace(day=1 + n))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/planning/capacity/")
    assert page.content.decode().count("MAIN") >= 20
    assert len(many) == len(few)
