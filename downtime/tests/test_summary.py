"""The downtime summary report and its API: hand-computed totals, filters, Excel of exactly the filtered rows."""

import datetime as dt
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from downtime.models import Category, DowntimeEvent

pytestmark = pytest.mark.django_db


def _add(plant, categories, user, day, hour, minutes, category="jam", line=0, shift=0, crew=1):
    facility = plant["facility"]
    start = dt.datetime(2026, 3, day, hour, tzinfo=facility.tzinfo)
    return DowntimeEvent.objects.create(
        facility=facility, line=plant["lines"][line], start=start, end=start + dt.timedelta(minutes=minutes),
        duration_minutes=minutes, crew_size=crew, category=categories[category], shift=plant["shifts"][shift],
        production_date=start.date(), created_by=user, idempotency_key=uuid.uuid4())


@pytest.fixture
def events(plant, categories, operator):
    return [
        _add(plant, categories, operator, 2, 8, 30, "jam", crew=2),          # L1 Day
        _add(plant, categories, operator, 2, 9, 90, "breakdown", crew=3),    # L1 Day
        _add(plant, categories, operator, 3, 15, 20, "jam", line=1, shift=1),  # L2 Swing
        _add(plant, categories, operator, 4, 23, 60, "changeover", line=1, shift=2),  # L2 Night
        _add(plant, categories, operator, 20, 8, 15, "jam"),                 # outside the filtered range
    ]


def test_totals_pareto_and_groupings(reader_client, events):
    client = reader_client
    response = client.get("/downtime/summary/?production_date_after=2026-03-01&production_date_before=2026-03-10")
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.events, summary.minutes, summary.labour_minutes) == (4, 200, 30 * 2 + 90 * 3 + 20 + 60)
    pareto = [(r["label"], r["minutes"], round(r["cumulative"], 1)) for r in summary.by_category]
    assert pareto == [("Mechanical", 140, 70.0), ("Changeover", 60, 100.0)]  # level 1 (top) by default
    response = client.get("/downtime/summary/?production_date_after=2026-03-01&production_date_before=2026-03-10"
                          "&level=2")
    summary = response.context["summary"]
    pareto = [(r["label"], r["minutes"], round(r["cumulative"], 1)) for r in summary.by_category]
    assert pareto == [("Mechanical › Breakdown", 90, 45.0), ("Changeover", 60, 75.0), ("Mechanical › Jam", 50, 100.0)]
    assert [(r["line__code"], r["minutes"]) for r in summary.by_line] == [("L1", 120), ("L2", 80)]
    assert [(r["shift__name"], r["minutes"]) for r in summary.by_shift] == [("Day", 120), ("Night", 60), ("Swing", 20)]
    assert [(r["production_date"].day, r["minutes"]) for r in summary.by_day] == [(2, 120), (3, 20), (4, 60)]
    assert response.context["charts"]["pareto"]["hours"] == [1.5, 1.0, 0.83]


@pytest.fixture
def conveyor(categories):
    """A third level under Mechanical: Conveyor > Belt slip / Motor trip."""
    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"], sort_order=5)
    categories.update(conveyor=conveyor,
                      belt=Category.objects.create(name="Belt slip", parent=conveyor, colour="#123456"),
                      motor=Category.objects.create(name="Motor trip", parent=conveyor))
    return conveyor


def test_pareto_rolls_a_three_level_tree_up_to_any_level(reader_client, plant, categories, conveyor, operator):
    for minutes, reason in ((40, "belt"), (25, "belt"), (30, "motor"), (50, "jam"), (20, "changeover")):
        _add(plant, categories, operator, 2, 8, minutes, reason)
    base = "/downtime/summary/?production_date_after=2026-03-01&production_date_before=2026-03-10"

    def pareto(level):
        summary = reader_client.get(f"{base}&level={level}").context["summary"]
        assert summary.level == level
        return [(r["label"], r["minutes"], r["events"]) for r in summary.by_category]

    assert pareto(1) == [("Mechanical", 145, 4), ("Changeover", 20, 1)]
    assert pareto(2) == [("Mechanical › Conveyor", 95, 3), ("Mechanical › Jam", 50, 1), ("Changeover", 20, 1)]
    # the deepest leaf at its own level; a shallower leaf (Jam, Changeover) counts at its own category
    assert pareto(3) == [("Mechanical › Conveyor › Belt slip", 65, 2), ("Mechanical › Jam", 50, 1),
                         ("Mechanical › Conveyor › Motor trip", 30, 1), ("Changeover", 20, 1)]
    # the selector offers the tree's levels, and the export names each event's reason at the chosen level
    page = reader_client.get(f"{base}&level=2").content.decode()
    assert 'value="3"' in page and "Level 1 (top)" in page
    response = reader_client.get(f"{base}&level=2&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("Category at level 2")
    assert sorted(r[at] for r in rows[1:]) == ["Changeover", "Mechanical › Conveyor", "Mechanical › Conveyor",
                                               "Mechanical › Conveyor", "Mechanical › Jam"]
    # the category filter takes the whole branch under the chosen category, at any depth
    summary = reader_client.get(f"{base}&category={conveyor.pk}").context["summary"]
    assert (summary.events, summary.minutes) == (3, 95)
    # the API answers the same roll-up
    api = reader_client.get("/api/downtime/summary/?production_date_after=2026-03-01&level=3").json()
    assert api["level"] == 3 and api["by_category"][0]["label"] == "Mechanical › Conveyor › Belt slip"


def test_chart_by_line_follows_the_same_filters(reader_client, events, categories, plant):
    client = reader_client
    base = "/downtime/summary/?production_date_after=2026-03-01&production_date_before=2026-03-10"
    response = client.get(base)
    code = plant["facility"].code
    assert response.context["charts"]["lines"] == {"labels": [f"{code} / L1", f"{code} / L2"], "hours": [2.0, 1.33]}
    assert 'id="line-chart"' in response.content.decode()
    # The same filters as the rest of the page: only the jams (L1 30 min, L2 20 min in the range)
    jams = client.get(f"{base}&category={categories['jam'].pk}").context["charts"]["lines"]
    assert jams == {"labels": [f"{code} / L1", f"{code} / L2"], "hours": [0.5, 0.33]}
    # A production date is the facility's: the night stop started 23:00 on the 4th (plant time) counts on the 4th
    night = client.get("/downtime/summary/?production_date_after=2026-03-04&production_date_before=2026-03-04")
    assert night.context["charts"]["lines"] == {"labels": [f"{code} / L2"], "hours": [1.0]}
    # Refreshed with the filters (htmx), the chart's data comes along out of band
    html = client.get(f"{base}&line={plant['lines'][1].pk}", HTTP_HX_REQUEST="true").content.decode()
    assert '"lines": {"labels": ["' + code + ' / L2"], "hours": [1.33]}' in html


def test_filters_by_main_category_line_and_shift(reader_client, events, categories, plant):
    client = reader_client
    summary = client.get(f"/downtime/summary/?category={categories['mechanical'].pk}").context["summary"]
    assert (summary.events, summary.minutes) == (4, 30 + 90 + 20 + 15)
    summary = client.get(f"/downtime/summary/?line={plant['lines'][1].pk}&shift={plant['shifts'][2].pk}"
                         ).context["summary"]
    assert (summary.events, summary.minutes) == (1, 60)


def test_htmx_refresh_swaps_the_totals_out_of_band(reader_client, events):
    html = reader_client.get("/downtime/summary/?production_date_after=2026-03-15",
                                             HTTP_HX_REQUEST="true").content.decode()
    assert 'id="downtime-summary" hx-swap-oob="true"' in html and 'id="kpi-events">1<' in html


def test_excel_export_has_exactly_the_filtered_events(reader_client, events):
    response = reader_client.get(
        "/downtime/summary/?production_date_after=2026-03-01&production_date_before=2026-03-03&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Production date", "Start", "End", "Minutes")
    assert sorted(r[3] for r in rows[1:]) == [20, 30, 90]
    assert {r[6] for r in rows[1:]} == {"L1", "L2"}


def test_bad_filter_input_is_a_message_not_an_error(reader_client, events):
    response = reader_client.get("/downtime/summary/?production_date_after=not-a-date&line=abc")
    assert response.status_code == 200
    assert response.context["summary"].events == 0
    assert "Some filters are not valid" in response.content.decode()


def test_report_query_count_does_not_grow_with_rows(reader_client, plant, categories, conveyor, operator):
    client = reader_client
    for day in range(1, 4):
        _add(plant, categories, operator, day, 8, 10)

    def count():
        with CaptureQueriesContext(connection) as ctx:  # rolled up to the middle of a three-level tree
            assert client.get("/downtime/summary/?level=2").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for day in range(4, 28):
        for line in (0, 1):
            _add(plant, categories, operator, day, 8, 10, line=line, category=("breakdown", "belt", "motor")[day % 3],
                 shift=day % 3)
    assert count() == few <= 24  # session, menu, filter choices, count + page, 5 aggregates, 3 name look-ups


@pytest.mark.parametrize(("role", "status"), [
    ("Scheduling_User", 200), ("DowntimeTracker_Admin", 200), ("DowntimeTracker_User", 403),
])
def test_report_is_for_view_reports(client_for, role, status):
    assert client_for(role).get("/downtime/summary/").status_code == status


def test_report_is_listed_in_the_hub(client_for):
    html = client_for("Scheduling_User").get("/reports/").content.decode()
    assert "Downtime summary" in html and "/downtime/summary/" in html
    assert "Downtime summary" not in client_for("DowntimeTracker_User").get("/").content.decode()
