"""The projections round trip (issue 33 §11): export -> edit in Excel -> import the same file, with a dry-run
preview, all rows or none, and a line another planner changed since the export refused, not overwritten."""

import io

import pytest
from openpyxl import load_workbook

from scheduling.models import Projection, ProjectionChange
from scheduling.services.projections import set_projection

pytestmark = pytest.mark.django_db(databases=["default", "erp"])

EXPORT, IMPORT = "/scheduling/projections/export/", "/scheduling/projections/import/"


def _export(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # streamed
    return workbook, workbook.active


def _upload(client, workbook, **extra):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "projections.xlsx"
    return client.post(IMPORT, {"import_file": buffer, **extra})


def _row_of(sheet, line_id):
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("so_line_id")].value == line_id:
            return dict(zip(headers, row, strict=True))
    raise AssertionError(line_id)


def _figures():
    return {p.so_line_id: (p.low_risk_qty, p.high_risk_qty, p.version) for p in Projection.objects.all()}


def test_export_edit_import_round_trip_with_a_dry_run_preview(client, projected, planner):
    l1, l2, l3, _closed = projected["lines"]
    client.force_login(planner)
    workbook, sheet = _export(client)
    assert [cell.value for cell in sheet[1]] == ["so_line_id", "so_number", "line_number", "customer", "part",
                                                "due_date", "open_qty", "low_risk_qty", "high_risk_qty", "version"]
    assert sheet.max_row == 1 + 3  # the open lines only
    row = _row_of(sheet, l1.pk)
    assert (row["low_risk_qty"].value, row["high_risk_qty"].value, row["version"].value) == (30, 20, 2)
    # The planner edits two lines in Excel: L1 moves 10 from high to low risk (the high goes down first), L2 clears
    row["low_risk_qty"].value, row["high_risk_qty"].value = 40, 10
    row2 = _row_of(sheet, l2.pk)
    row2["low_risk_qty"].value, row2["high_risk_qty"].value = 10, None
    before = _figures()

    preview = _upload(client, workbook)
    assert preview.status_code == 200 and preview.context["token"] and not preview.context["problems"]
    # A dry run: nothing written, no history
    assert _figures() == before
    assert not ProjectionChange.objects.filter(projection__so_line_id=l1.pk, new_value=40).exists()
    totals = preview.context["result"].totals
    assert (totals["update"], totals["skip"]) == (2, 1)

    done = client.post(IMPORT, {"token": preview.context["token"], "format": "xlsx"})
    assert done.status_code == 302
    after = _figures()
    assert after[l1.pk] == (40, 10, 4) and after[l2.pk] == (10, 0, 4) and after[l3.pk] == before[l3.pk]
    # Written through the grid's service: each change in the line's history, by the importer
    assert ProjectionChange.objects.filter(projection__so_line_id=l1.pk, changed_by=planner).count() == 4


def test_a_line_changed_since_the_export_is_refused_and_nothing_is_written(client, projected, planner,
                                                                             other_planner):
    l1, l2, _l3, _closed = projected["lines"]
    client.force_login(planner)
    workbook, sheet = _export(client)
    _row_of(sheet, l1.pk)["low_risk_qty"].value = 35
    _row_of(sheet, l2.pk)["low_risk_qty"].value = 1
    set_projection(l1.pk, "low_risk", 25, 2, other_planner)  # meanwhile, on the grid
    before = _figures()
    preview = _upload(client, workbook)
    assert not preview.context["token"]
    messages = " ".join(m for problem in preview.context["problems"] for m in problem.messages)
    assert f"SO line {l1.pk} changed since your export" in messages and "Olga Other" in messages
    assert _figures() == before  # neither the conflicting row nor the good one


def test_bad_cells_are_row_errors_and_only_schedulers_who_update_may_import(client, projected, planner, viewer):
    l1, l2, _l3, _closed = projected["lines"]
    client.force_login(planner)
    workbook, sheet = _export(client)
    _row_of(sheet, l1.pk)["low_risk_qty"].value = "lots"
    _row_of(sheet, l2.pk)["high_risk_qty"].value = 500  # above the open quantity (10)
    preview = _upload(client, workbook)
    problems = {p.row: " ".join(p.messages) for p in preview.context["problems"]}
    assert any("not a whole number" in text for text in problems.values())
    assert any("cannot exceed the open quantity" in text for text in problems.values())
    assert not preview.context["token"]
    client.force_login(viewer)  # Scheduling_User: views and exports, does not update
    assert client.get(EXPORT).status_code == 200
    assert client.get(IMPORT).status_code == 403
