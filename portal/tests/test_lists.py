"""The shared list mechanism: filter, search, sort, paginate, and export exactly the rows shown."""

import io

import pytest
from openpyxl import load_workbook

from portal.models import ExportJob, ProductionLine
from portal.testing.factories import FacilityFactory, ProductionLineFactory

pytestmark = [pytest.mark.urls("portal.tests.list_urls"), pytest.mark.django_db]


@pytest.fixture
def lines(db):
    north, south = FacilityFactory(code="NORTH", name="North"), FacilityFactory(code="SOUTH", name="South")
    made = [ProductionLineFactory(facility=north if i % 2 else south, code=f"L{i:03d}", name=f"Line {i}")
            for i in range(1, 121)]
    ProductionLineFactory(facility=north, code="Q'%_;", name="Quote's 100% _under; DROP TABLE x")
    ProductionLineFactory(facility=north, code="ES1", name="Línea de envasado 東京")
    return made


@pytest.fixture
def reporter(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    return client


def _codes(response):
    return [row["object"].code for row in response.context["rows"]]


def test_filter_sort_and_paginate(reporter, lines):
    page = reporter.get("/lines/", {"facility": "NORTH", "sort": "-code", "per_page": "25"})
    assert page.status_code == 200
    codes = _codes(page)
    assert len(codes) == 25 and codes == sorted(codes, reverse=True)
    assert page.context["paginator"].count == 62  # 60 odd lines + the two special ones


def test_page_two_continues_where_page_one_stopped(reporter, lines):
    first = _codes(reporter.get("/lines/", {"per_page": "25"}))
    second = _codes(reporter.get("/lines/", {"per_page": "25", "page": "2"}))
    assert not set(first) & set(second) and first[-1] < second[0]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("Q'%_;", ["Q'%_;"]), ("100%", ["Q'%_;"]), ("_under", ["Q'%_;"]), ("DROP TABLE", ["Q'%_;"]),
     ("'; DELETE FROM portal_productionline; --", []), ("東京", ["ES1"]), ("Línea", ["ES1"])],
)
def test_search_treats_special_characters_as_text(reporter, lines, term, expected):
    assert _codes(reporter.get("/lines/", {"q": term})) == expected
    assert ProductionLine.objects.count() == 122


def test_bad_filter_and_sort_values_never_500(reporter, lines):
    page = reporter.get("/lines/", {"created_after": "not-a-date", "sort": "password", "page": "999", "per_page": "x"})
    assert page.status_code == 200
    assert "not valid" in page.content.decode()


def test_htmx_request_gets_only_the_results_partial(reporter, lines):
    page = reporter.get("/lines/", {"q": "Line 7"}, HTTP_HX_REQUEST="true")
    body = page.content.decode()
    assert body.lstrip().startswith('<div id="list-results">') and "<html" not in body


def test_list_page_query_count_does_not_grow_with_rows(reporter, lines, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        reporter.get("/lines/", {"per_page": "250"})


def test_export_contains_exactly_the_filtered_sorted_rows_formatted(reporter, lines):
    response = reporter.get("/lines/", {"facility": "SOUTH", "sort": "-code", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lines-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Code", "Name", "Facility", "Number", "Created", "Active")
    codes = [r[0] for r in rows[1:]]
    assert len(codes) == 60 and codes == sorted(codes, reverse=True)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b is True
    assert sheet["D2"].number_format == "#,##0" and sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    widths = {i: d.width for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}
    assert widths[2] >= 20  # "Name": a wide text column


def test_large_export_runs_in_the_background_with_progress_and_a_link(reporter, lines, settings):
    settings.EXPORT_BACKGROUND_ROWS = 50
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the view must choose the background path
    from unittest import mock

    with mock.patch("portal.lists.tasks.run_export.delay") as delay:
        response = reporter.get("/lines/", {"facility": "NORTH", "export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    delay.assert_not_called()  # only after the transaction commits
    from portal.lists.exports import run_export_job

    run_export_job(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert job.status == "done" and job.done_rows == 62
    status = reporter.get(f"/exports/{job.pk}/")
    assert "62 rows exported" in status.content.decode()
    download = reporter.get(f"/exports/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 63


def test_someone_elses_export_is_a_404(client, role_user, lines):
    owner = role_user("Scheduling_User")
    job = ExportJob.objects.create(user=owner, title="x", view="portal.tests.list_urls.LineList", status="done")
    client.force_login(role_user("Scheduling_Admin"))
    assert client.get(f"/exports/{job.pk}/").status_code == 404
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_export_refused_when_access_was_revoked(role_user, lines):
    from portal.lists.exports import run_export_job

    user = role_user("DowntimeTracker_User")  # no "view reports"
    job = ExportJob.objects.create(user=user, title="x", view="portal.tests.list_urls.LineList")
    assert run_export_job(job.pk).status == "failed"


def test_page_without_any_filter_lists_every_row(reporter, lines):
    page = reporter.get("/lines/")
    assert page.context["paginator"].count == 122


@pytest.mark.parametrize(("kind", "value", "text"), [
    ("decimal", "1", "1.00"), ("decimal", "0.0025", "0.0025"), ("decimal", "1234.5", "1,234.50"),
    ("money", "0.125", "$0.125"), ("money", "1999.999", "$2,000.00"), ("percent", "12.34", "12.3%"),
    ("int", 1234567, "1,234,567"),
    # quantities (per assembly, scrap %): up to 4 places, trailing zeros dropped; a tiny one never reads 0
    ("quantity", "2.200000", "2.2"), ("quantity", "1.081600", "1.0816"), ("quantity", "3.0000", "3"),
    ("quantity", "12345.5", "12,345.5"), ("quantity", "0.000025", "0.000025"), ("quantity", "1.23456", "1.2346"),
])
def test_cell_formatting(kind, value, text):
    from portal.lists.columns import Column
    from portal.templatetags.lists import cell

    assert cell(Column("x", "X", kind=kind), value) == text


def test_old_exports_are_purged_with_their_files(role_user, lines):
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from portal.tasks import delete_exports_older_than

    user = role_user("Scheduling_User")
    old = ExportJob.objects.create(user=user, title="old", view="x", status="done")
    old.file.save("old.xlsx", ContentFile(b"x"))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    fresh = ExportJob.objects.create(user=user, title="fresh", view="x", status="done")
    storage, name = old.file.storage, old.file.name
    assert delete_exports_older_than(7) == 1
    assert list(ExportJob.objects.all()) == [fresh] and not storage.exists(name)


def test_the_export_task_is_registered_with_the_worker():
    from portal.celery import app

    app.loader.import_default_modules()
    assert "portal.lists.tasks.run_export" in app.tasks
