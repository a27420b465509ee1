"""The timeline's actual bars: what the operator flow recorded (start, quantities, finish) drawn under each planned
stage in plant time, with the share made; labels in a form that fits; one read whatever the number of stages."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scheduling.planning.models import Operation, PlanningOrder
from scheduling.planning.services.assignment import assign_operation
from scheduling.planning.services.floor import work_operation
from scheduling.planning.views.gantt_html import short_number

from .operator_fixtures import ZONE, running_plant

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo(ZONE)


@pytest.fixture
def plant(db):
    return running_plant()


@pytest.fixture
def planner(client_for):
    return client_for("Planner")


def _timeline(client) -> str:
    first = timezone.now().astimezone(MADRID).date() - dt.timedelta(days=1)
    page = client.get(reverse("planning:gantt"), {"facility": "MAD", "start": first.isoformat(), "days": "3"})
    assert page.status_code == 200
    return page.content.decode()


def _tag(html: str, css: str, pk: int) -> str:
    found = re.search(rf'<[^>]*class="{css}[^"]*"[^>]*data-id="{pk}"[^>]*>', html)
    assert found, f"no {css} for stage {pk}"
    return found.group(0)


def _when(value: dt.datetime) -> str:
    return f"{value.day}/{value.month} {value.hour:02d}:{value.minute:02d}"


def test_a_started_partly_made_stage_shows_its_actual_bar_running_to_now_and_the_share_made(plant, planner):
    cutting = plant["cutting"]
    assign_operation(cutting, operator=plant["operator"])
    html = _timeline(planner)
    assert 'class="gantt-actual' not in html and 'class="gantt-fill' not in html  # nothing started yet

    work_operation(plant["operator"], cutting, "record", {"good": "50"}, key="g-1")  # starts it, 50 of 200
    cutting.refresh_from_db()
    html = _timeline(planner)
    actual = _tag(html, "gantt-actual", cutting.pk)
    assert "running" in actual and 'data-made="50"' in actual
    assert "50 of 200 made (25 %)" in actual
    planned = _tag(html, "gantt-bar", cutting.pk)
    assert "running" in planned and 'data-share="25.0"' in html.split(planned)[1].split("</a>")[0]
    # from the actual start (plant time) to now: the bar begins where the start falls in the 3-day window
    first = timezone.now().astimezone(MADRID).date() - dt.timedelta(days=1)
    window_start = dt.datetime.combine(first, dt.time(), tzinfo=MADRID)
    expected_left = (cutting.started_at - window_start).total_seconds() / (3 * 86400) * 100
    assert float(re.search(r'data-left="([\d.]+)"', actual).group(1)) == pytest.approx(expected_left, abs=0.01)
    row = re.search(rf'<tr data-id="{cutting.pk}">.*?</tr>', html).group(0)
    assert f"{_when(cutting.started_at.astimezone(MADRID))}–now" in row and "50 / 200 (25 %)" in row
    # the welding stage, not started, has no actual bar and says so in the list
    assert not re.search(rf'class="gantt-actual[^>]*data-id="{plant["welding"].pk}"', html)
    assert "not started" in re.search(rf'<tr data-id="{plant["welding"].pk}">.*?</tr>', html).group(0)


def test_a_finished_stage_shows_its_actual_start_and_end_in_plant_time(plant, planner):
    cutting = plant["cutting"]
    assign_operation(cutting, operator=plant["operator"])
    work_operation(plant["operator"], cutting, "record", {"good": "200"}, key="f-1")
    work_operation(plant["operator"], cutting, "finish", key="f-2")
    # the run took place this morning, UTC 06:05 to 07:50 (the operator flow stamped it; set here to known times)
    day = timezone.now().astimezone(MADRID).date()
    began = dt.datetime.combine(day, dt.time(6, 5), tzinfo=dt.UTC)
    ended = dt.datetime.combine(day, dt.time(7, 50), tzinfo=dt.UTC)
    Operation.objects.filter(pk=cutting.pk).update(started_at=began, finished_at=ended)

    html = _timeline(planner)
    actual = _tag(html, "gantt-actual", cutting.pk)
    local = f"{_when(began.astimezone(MADRID))}–{_when(ended.astimezone(MADRID))}"
    assert "done" in actual and local in actual and "now" not in actual
    assert local != f"{_when(began)}–{_when(ended)}"  # plant time, not UTC
    row = re.search(rf'<tr data-id="{cutting.pk}">.*?</tr>', html).group(0)
    assert local in row and "200 / 200 (100 %)" in row
    width = float(re.search(r'data-width="([\d.]+)"', actual).group(1))
    assert width == pytest.approx((ended - began).total_seconds() / (3 * 86400) * 100, abs=0.01)


def test_the_timeline_reads_actuals_in_a_bounded_number_of_queries(plant, planner):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _timeline(planner)
        return len(queries)

    assign_operation(plant["cutting"], operator=plant["operator"])
    work_operation(plant["operator"], plant["cutting"], "record", {"good": "5"}, key="q-0")
    few = count()
    cutting = plant["cutting"]
    for n in range(8):
        order = PlanningOrder.objects.create(number=f"PLN-9{n}", facility=plant["facility"],
                                             routing=plant["order"].routing, due_date=plant["order"].due_date,
                                             state="released")
        op = Operation.objects.create(order=order, sequence=1, stage="cutting", machine_type="laser",
                                      line=plant["cut"], machine=plant["laser"], planned_start=cutting.planned_start,
                                      planned_end=cutting.planned_end, units=20)
        assign_operation(op, operator=plant["operator"])
        work_operation(plant["operator"], op, "record", {"good": str(n + 1)}, key=f"q-{n + 1}")
        if n % 2:
            work_operation(plant["operator"], op, "finish", key=f"q-f{n}")
    html = _timeline(planner)
    assert html.count('class="gantt-actual') == 9
    assert count() == few


def test_labels_carry_a_short_form_and_the_full_text():
    assert short_number("PLN-00123") == "…123"
    assert short_number("PLN-2026-0042") == "…42"
    assert short_number("A17") == "A17" and short_number("PLN-000") == "…000"


def test_each_bar_offers_its_full_label_number_and_short_form(plant, planner):
    html = _timeline(planner)
    bar = _tag(html, "gantt-bar", plant["cutting"].pk)
    assert 'data-number="PLN-7"' in bar and 'data-short="…7"' in bar and 'aria-label="PLN-7 · 1. cutting"' in bar
    assert "<span class=\"gantt-text\">PLN-7 cutting</span>" in html.split(bar)[1].split("</a>")[0]
    assert 'id="gantt-list"' in html and "gantt-swatch actual" in html
