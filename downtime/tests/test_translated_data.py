"""Reason codes, quick notes and shifts in two languages: Spanish operators and report readers see the Spanish
label (the main one when there is none); both are edited in the admin and in the Excel import."""

import datetime as dt
import io
import uuid

import pytest
import tablib
from django.utils import translation

from downtime.models import Category, DowntimeEvent, QuickNote
from downtime.resources import CategoryResource, QuickNoteResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(categories, plant):
    categories["mechanical"].name_es = "Mecánica"
    categories["mechanical"].save()
    categories["jam"].name_es = "Atasco"
    categories["jam"].save()
    plant["shifts"][0].name_es = "Matutino"
    plant["shifts"][0].save()
    QuickNote.objects.create(text="Waiting for maintenance", text_es="Esperando a mantenimiento",
                             facility=plant["facility"])
    return categories


def _event(plant, categories, user):
    start = dt.datetime(2026, 3, 2, 8, tzinfo=plant["facility"].tzinfo)
    return DowntimeEvent.objects.create(
        facility=plant["facility"], line=plant["lines"][0], start=start, end=start + dt.timedelta(minutes=30),
        duration_minutes=30, crew_size=1, category=categories["jam"], shift=plant["shifts"][0],
        production_date=start.date(), created_by=user, idempotency_key=uuid.uuid4())


def test_entry_page_in_spanish_shows_the_spanish_labels(client, operator, plant, spanish):
    operator.language = "es"
    operator.save()
    client.force_login(operator)
    html = client.get("/downtime/", {"line": plant["lines"][0].pk}).content.decode()
    assert "Mecánica" in html and "Atasco" in html and "Esperando a mantenimiento" in html
    assert "Breakdown" in html  # no Spanish label: the main one


def test_summary_and_export_in_spanish(reader_client, operator, plant, spanish):
    from openpyxl import load_workbook

    _event(plant, spanish, operator)
    client = reader_client
    user = client.get("/").wsgi_request.user
    user.language = "es"
    user.save()
    params = {"production_date_after": "2026-03-01", "production_date_before": "2026-03-03"}
    html = client.get("/downtime/summary/", params).content.decode()
    assert "Mecánica › Atasco" in html and "Matutino" in html
    response = client.get("/downtime/summary/", {**params, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert "Atasco" in rows[1] and "Mecánica" in rows[1] and "Matutino" in rows[1]
    user.language = "en"
    user.save()
    html = client.get("/downtime/summary/", params).content.decode()
    assert "Mechanical › Jam" in html and "Atasco" not in html


def test_admin_edits_the_spanish_label(client, plant, categories):
    from portal.testing.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/downtime/category/{categories['jam'].pk}/change/").content.decode()
    assert 'name="name_es"' in page
    assert 'name="text_es"' in client.get("/admin/downtime/quicknote/add/").content.decode()


def test_excel_import_creates_and_updates_spanish_labels(categories, plant):
    data = tablib.Dataset(headers=["id", "parent", "name", "name_es", "code", "colour", "sort_order", "notify",
                                   "active"])
    data.append([categories["jam"].pk, "Mechanical", "Jam", "Atasco", "", "#f0ad4e", 100, 0, 1])
    data.append(["", "Mechanical", "Hydraulic leak", "Fuga hidráulica", "", "#d9534f", 5, 0, 1])
    result = CategoryResource().import_data(data, dry_run=False, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Category.objects.get(pk=categories["jam"].pk).name_es == "Atasco"
    leak = Category.objects.get(name="Hydraulic leak")
    assert leak.parent == categories["mechanical"] and leak.name_es == "Fuga hidráulica"
    with translation.override("es"):
        assert str(leak) == "Mechanical › Fuga hidráulica"


def test_category_import_takes_a_parent_by_its_full_path_and_refuses_an_unknown_one(categories):
    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"])
    headers = ["id", "parent", "name", "name_es", "code", "colour", "sort_order", "notify", "active"]
    data = tablib.Dataset(headers=headers)
    data.append(["", "Mechanical / Conveyor", "Belt slip", "Banda patinando", "", "#123456", 1, 0, 1])
    data.append(["", "mechanical › conveyor", "Motor trip", "Disparo de motor", "", "#123456", 2, 0, 1])
    result = CategoryResource().import_data(data, dry_run=False, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    belt = Category.objects.get(name="Belt slip")
    assert belt.parent == conveyor and belt.depth == 3 and Category.objects.get(name="Motor trip").parent == conveyor
    # the export writes the same full path, so the file goes back in unchanged
    exported = CategoryResource().export(queryset=Category.objects.filter(pk=belt.pk))
    assert exported.dict[0]["parent"] == "Mechanical / Conveyor"
    bad = tablib.Dataset(headers=headers)
    bad.append(["", "Mechanical / Belts", "Worn", "", "", "#123456", 1, 0, 1])  # no such parent
    bad.append(["", "Conveyor", "Loose", "", "", "#123456", 1, 0, 1])  # not from the top level
    bad.append(["", "Mechanical", "Fine", "", "", "#123456", 1, 0, 1])
    result = CategoryResource().import_data(bad, dry_run=False, raise_errors=False)
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [1, 2]
    assert "write the parent's full path" in str(errors[1]["parent"])
    assert not Category.objects.filter(name__in=["Worn", "Loose", "Fine"]).exists()  # all or nothing


def test_quick_note_import_names_the_line_and_reports_an_unknown_one(plant):
    good = tablib.Dataset(headers=["id", "text", "text_es", "facility", "line", "sort_order", "active"])
    good.append(["", "Belt slipping", "Banda patinando", "", "MAIN/L1", 1, 1])
    result = QuickNoteResource().import_data(good, dry_run=False, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert QuickNote.objects.get(text="Belt slipping").line == plant["lines"][0]
    bad = tablib.Dataset(headers=["id", "text", "text_es", "facility", "line", "sort_order", "active"])
    bad.append(["", "Other", "", "", "MAIN/NOPE", 1, 1])
    bad.append(["", "Fine", "", "MAIN", "", 1, 1])
    result = QuickNoteResource().import_data(bad, dry_run=True, raise_errors=False)
    assert result.has_validation_errors() or result.has_errors()
    assert not QuickNote.objects.filter(text__in=["Other", "Fine"]).exists()
