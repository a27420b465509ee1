"""manage.py erp_demo: generate, export, load CSV files (all or nothing, precise errors), refuse when not allowed."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connections
from django.utils import timezone

from erp.demo import writer
from erp.demo.contract import COLUMNS
from erp.demo.generator import generate
from erp.models import ERP_MODELS, Part, SalesOrderLine

ERP = pytest.mark.django_db(databases=["default", "erp"])
# The command drops and creates tables; SQLite allows that only outside a test transaction.
ERP_COMMITTING = pytest.mark.django_db(databases=["default", "erp"], transaction=True)


@pytest.fixture
def restore_demo(erp_test_database):
    """Puts the session's demo back after a test that rebuilt the ERP tables."""
    yield
    writer.rebuild(erp_test_database.tables)


def erp_counts() -> dict[str, int]:
    return {model._meta.db_table: model.objects.count() for model in ERP_MODELS}


def run(*args) -> str:
    out = StringIO()
    call_command("erp_demo", *args, stdout=out)
    return out.getvalue()


@ERP_COMMITTING
def test_generates_the_demo_and_prints_rows_per_view_and_time(restore_demo):
    output = run("--scale", "0.02", "--seed", "3")
    expected = generate(seed=3, scale=0.02, today=timezone.localdate()).counts()
    assert erp_counts() == expected
    assert "Generated (seed 3, scale 0.02)" in output and "Done in" in output
    for view, count in expected.items():
        assert f"{view} " in output and f"{count:,}" in output
    assert run("--scale", "0.02", "--seed", "3", "--quiet") == ""


@ERP_COMMITTING
def test_export_then_load_gives_back_the_same_data(tmp_path, erp_data, restore_demo):
    first, second = tmp_path / "first", tmp_path / "second"
    run("--export", str(first), "--quiet")
    assert sorted(p.name for p in first.iterdir()) == sorted(f"{view}.csv" for view in COLUMNS)
    output = run("--from", str(first))
    assert "Loaded from" in output
    assert erp_counts() == erp_data.counts()
    run("--export", str(second), "--quiet")
    for view in COLUMNS:
        assert (first / f"{view}.csv").read_bytes() == (second / f"{view}.csv").read_bytes(), view


def _rewrite(path, change):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _set(column, row_index, value):
    def change(rows):
        rows[row_index][rows[0].index(column)] = value
    return change


def _drop_column(column):
    def change(rows):
        index = rows[0].index(column)
        for row in rows:
            del row[index]
    return change


def _add_column(name):
    def change(rows):
        rows[0].append(name)
        for row in rows[1:]:
            row.append("x")
    return change


BAD_FILES = {
    "bad number": ("erp_job.csv", _set("quantity_required", 3, "12,5"),
                   ["erp_job.csv, row 4, column quantity_required", "“12,5” is not a number"]),
    "missing column": ("erp_part.csv", _drop_column("uom"),
                       ["erp_part.csv, row 1, column uom", "required column is missing"]),
    "unknown column": ("erp_vendor.csv", _add_column("colour"),
                       ["erp_vendor.csv, row 1, column colour", "unknown column"]),
    "unknown reference": ("erp_sales_order_line.csv", _set("part_number", 2, "NO-SUCH-PART"),
                          ["erp_sales_order_line.csv, row 3, column part_number",
                           "“NO-SUCH-PART” is not in erp_part.csv"]),
    "bad date": ("erp_shipment.csv", _set("ship_date", 1, "03/14/2025"),
                 ["erp_shipment.csv, row 2, column ship_date", "is not a date (use YYYY-MM-DD)"]),
    "bad status": ("erp_inventory_lot.csv", _set("status", 5, "QUARANTINE"),
                   ["erp_inventory_lot.csv, row 6, column status", "“QUARANTINE” is not one of"]),
    "duplicate key": ("erp_customer.csv", lambda rows: rows.append(list(rows[1])),
                      ["erp_customer.csv, row", "column customer_code", "appears on an earlier row"]),
    "required value": ("erp_bom_line.csv", _set("quantity_per", 1, ""),
                       ["erp_bom_line.csv, row 2, column quantity_per", "a value is required"]),
    "too long": ("erp_customer.csv", _set("country", 1, "USA"),
                 ["erp_customer.csv, row 2, column country", "at most 2 are allowed"]),
    "missing file": ("erp_job.csv", None, ["erp_job.csv: file is missing"]),
}


@ERP
@pytest.mark.parametrize("case", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_reported_by_file_row_and_column_and_nothing_is_loaded(tmp_path, erp_data, case):
    name, change, expected = case
    run("--export", str(tmp_path), "--quiet")
    if change is None:
        (tmp_path / name).unlink()
    else:
        _rewrite(tmp_path / name, change)
    before = erp_counts()
    first_part = Part.objects.order_by("pk").first()
    with pytest.raises(CommandError) as error:
        run("--from", str(tmp_path))
    message = str(error.value)
    assert "nothing changed" in message
    for text in expected:
        assert text in message
    assert erp_counts() == before
    assert Part.objects.order_by("pk").first().description == first_part.description


@ERP
def test_every_problem_of_every_file_is_reported_at_once(tmp_path, erp_data):
    run("--export", str(tmp_path), "--quiet")
    _rewrite(tmp_path / "erp_job.csv", _set("quantity_required", 1, "lots"))
    _rewrite(tmp_path / "erp_part.csv", _set("unit_cost", 1, "1.2.3"))
    # A systematic error in a big file is summarised so the other files' problems still show.
    _rewrite(tmp_path / "erp_bom_line.csv", lambda rows: [r.__setitem__(4, "n/a") for r in rows[1:]])
    with pytest.raises(CommandError) as error:
        run("--from", str(tmp_path))
    message = str(error.value)
    assert "erp_part.csv, row 2, column unit_cost" in message
    assert "erp_job.csv, row 2, column quantity_required" in message
    assert "more problems in this file" in message


@ERP
def test_refuses_to_write_when_erp_demo_writable_is_false(settings, tmp_path, erp_data):
    run("--export", str(tmp_path), "--quiet")
    settings.ERP_DEMO_WRITABLE = False
    before = erp_counts()
    for args in ([], ["--scale", "0.02"], ["--from", str(tmp_path)]):
        with pytest.raises(CommandError, match="ERP_DEMO_WRITABLE is false"):
            run(*args)
    for write in (lambda: writer.rebuild({}), lambda: writer.replace_rows({}), writer.clear,
                  lambda: writer.insert_rows(Part, [{"part_number": "X"}])):
        with pytest.raises(writer.ErpDemoRefused):
            write()
    assert erp_counts() == before
    # Exporting only reads, so it still works (e.g. to check a real ERP's mapping).
    assert "erp_part" in run("--export", str(tmp_path / "again"))


@ERP
def test_refuses_a_database_that_holds_the_contract_as_views(erp_data):
    with connections["erp"].cursor() as cursor:
        cursor.execute("DROP TABLE erp_vendor")
        cursor.execute("CREATE VIEW erp_vendor AS SELECT 'V1' AS vendor_code")
    with pytest.raises(writer.ErpDemoRefused, match="real ERP"):
        writer.clear()
    with pytest.raises(CommandError, match="erp_vendor"):
        run("--scale", "0.02")


@ERP_COMMITTING
def test_a_failure_while_loading_leaves_the_previous_data_whole(erp_data, restore_demo):
    before = erp_counts()
    tables = dict(erp_data.tables)
    transactions = tables["erp_job_material_transaction"]
    tables["erp_job_material_transaction"] = [*transactions, transactions[0]]  # duplicate key, loaded last
    with pytest.raises(IntegrityError):
        writer.rebuild(tables)
    assert erp_counts() == before
    assert SalesOrderLine.objects.open().exists()


@ERP
def test_export_names_the_missing_views(tmp_path, erp_data):
    with connections["erp"].cursor() as cursor:
        cursor.execute("DROP TABLE erp_shipment")
    with pytest.raises(CommandError, match="has no erp_shipment"):
        run("--export", str(tmp_path))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--export", "x", "--seed", "2"], "--export writes the current ERP data"),
        (["--from", "x", "--scale", "2"], "--from loads files as they are"),
        (["--scale", "0"], "--scale must be above 0"),
        (["--scale", "1000"], "at most 100"),
        (["--database", "nope"], "Unknown database alias"),
    ],
)
def test_bad_options_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


@ERP
def test_from_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run("--from", str(tmp_path / "nowhere"))


def test_help_lists_the_options():
    from erp.management.commands.erp_demo import Command

    text = Command().create_parser("manage.py", "erp_demo").format_help()
    assert "Build the demo ERP database" in text
    for option in ("--seed", "--scale", "--from", "--export", "--quiet"):
        assert option in text
