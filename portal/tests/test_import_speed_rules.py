"""The core import's rules for time and locks (issue 35): a check writes nothing, a value repeated in the file is
refused as the database would have, a confirmed file is written in chunks, each foreign-key code looked up once."""

from __future__ import annotations

import import_export.resources
import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import resources
from portal.models import Facility, ProductionLine
from portal.resources import FacilityResource, ProductionLineResource
from portal.testing.factories import FacilityFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN")


def _facilities(*codes: str) -> tablib.Dataset:
    return tablib.Dataset(*[("", code, f"Plant {code}", "America/Chicago", "1") for code in codes],
                          headers=["id", "code", "name", "time_zone", "active"])


def test_a_preview_sends_no_write_and_opens_no_transaction():
    with CaptureQueriesContext(connection) as queries:
        result = FacilityResource().import_data(_facilities("P1", "P2", "P3"), dry_run=True, use_transactions=True)
    assert result.totals["new"] == 3 and not result.has_validation_errors()
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert not Facility.objects.filter(code__in=["P1", "P2", "P3"]).exists()


def test_a_code_repeated_in_the_file_is_refused_naming_the_first_row_and_nothing_is_written():
    result = FacilityResource().import_data(_facilities("P1", "P2", "P1"), dry_run=False, use_transactions=True)
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 3 and "row 2 of this file" in str(invalid.error_dict["code"])
    assert not Facility.objects.filter(code__in=["P1", "P2"]).exists()


def test_a_confirmed_file_larger_than_a_chunk_is_written_whole_in_several_transactions(monkeypatch):
    monkeypatch.setattr(resources, "CHUNK_ROWS", 2)
    chunks = []
    write = import_export.resources.ModelResource.import_data

    def counted(self, dataset, **kwargs):  # django-import-export's import_data: one transaction per call
        chunks.append((len(dataset), kwargs.get("use_transactions")))
        return write(self, dataset, **kwargs)

    monkeypatch.setattr(import_export.resources.ModelResource, "import_data", counted)
    codes = [f"C{n}" for n in range(5)]
    result = FacilityResource().import_data(_facilities(*codes), dry_run=False, use_transactions=True)
    assert result.totals["new"] == 5 and not result.has_errors() and not result.has_validation_errors()
    assert set(Facility.objects.filter(code__in=codes).values_list("code", flat=True)) == set(codes)
    assert chunks == [(2, True), (2, True), (1, True)]


def test_a_facility_code_is_looked_up_once_however_many_rows_name_it():
    FacilityFactory(code="MAIN")
    rows = [("", "MAIN", f"L{n}", f"Line {n}", "", "", "1") for n in range(30)]
    dataset = tablib.Dataset(*rows, headers=["id", "facility", "code", "name", "name_es", "erp_line_code", "active"])
    with CaptureQueriesContext(connection) as queries:
        result = ProductionLineResource().import_data(dataset, dry_run=True)
    assert result.totals["new"] == 30 and not result.has_validation_errors()
    facility_lookups = [q for q in queries if 'FROM "portal_facility"' in q["sql"] and '"code"' in q["sql"]
                        and "WHERE" in q["sql"] and '"portal_facility"."code" =' in q["sql"]]
    assert len(facility_lookups) == 1
    assert not ProductionLine.objects.filter(code="L0").exists()


def test_an_unknown_code_is_a_field_error_naming_it():
    result = ProductionLineResource().import_data(tablib.Dataset(
        ("", "NOPE", "L1", "Line 1", "", "", "1"),
        headers=["id", "facility", "code", "name", "name_es", "erp_line_code", "active"]), dry_run=True)
    (invalid,) = result.invalid_rows
    assert "NOPE" in str(invalid.error_dict["facility"])


def test_a_line_code_taken_in_its_facility_is_still_refused_by_the_database_check():
    facility = FacilityFactory(code="MAIN")
    ProductionLine.objects.create(facility=facility, code="L1", name="Line 1")
    result = ProductionLineResource().import_data(tablib.Dataset(
        ("", "MAIN", "L1", "Line one again", "", "", "1"),
        headers=["id", "facility", "code", "name", "name_es", "erp_line_code", "active"]), dry_run=True)
    assert result.has_validation_errors()
    assert ProductionLine.objects.filter(facility=facility, code="L1").count() == 1
