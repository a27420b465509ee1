"""Daily, weekly and monthly targets per line or machine type, and the utilization page that reads them
(the scenario of conftest.py: L2 plans 600 on Mon 2 March and 150 on Tue 3 March against 400 a day from its shift;
the lasers plan 750 on 2 March; March 2026 has 22 working days, Monday to Friday)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scheduling.planning.models import CapacityTarget
from scheduling.planning.services.targets import peak, period_loads, worst_first

from .conftest import MAR2, MAR3

pytestmark = pytest.mark.django_db


def _target(scenario, period, units, line=None, machine_type="", valid_from=dt.date(2026, 3, 1)):
    return CapacityTarget.objects.create(facility=scenario["facility"], line=line, machine_type=machine_type,
                                         period=period, units=units, valid_from=valid_from)


def _row(loads, code, first):
    return next(r for r in loads if r.code == code and r.first == first)


def test_a_weekly_target_measures_the_week_and_its_share_when_shown_in_part(scenario):
    _target(scenario, "week", 1500, line=scenario["l2"])
    week = _row(period_loads(scenario["facility"], MAR2, dt.date(2026, 3, 8), "week"), "L2", MAR2)
    assert (week.planned, week.target, week.percent, week.over) == (750, 1500, 50.0, False)
    # two of the week's five working days shown: 600 of the target, 750 planned
    part = _row(period_loads(scenario["facility"], MAR2, MAR3, "week"), "L2", MAR2)
    assert (part.target, part.percent, part.over) == (600, 125.0, True)


def test_a_monthly_target_counts_the_working_days_shown(scenario):
    _target(scenario, "month", 44000, line=scenario["l1"])
    month = _row(period_loads(scenario["facility"], MAR2, MAR3, "month"), "L1", MAR2)
    assert (month.planned, month.target, month.capacity) == (750, 4000, 4000)  # 2 of 22 working days


def test_a_machine_types_daily_target_and_the_worst_first(scenario):
    _target(scenario, "day", 300, machine_type="laser")
    loads = period_loads(scenario["facility"], MAR2, MAR3, "day")
    laser = _row(loads, "laser", MAR2)
    assert (laser.planned, laser.target, laser.percent) == (750, 300, 250.0)
    assert [(r.code, r.first) for r in worst_first(loads)] == [("laser", MAR2), ("L2", MAR2)]
    assert peak(loads) == laser
    # the target came into force on 1 March: none before
    _target(scenario, "day", 1000, machine_type="laser", valid_from=MAR3)
    assert _row(period_loads(scenario["facility"], MAR2, MAR3, "day"), "laser", MAR3).target == 1000


def test_the_page_shows_the_overloaded_periods_first_and_exports_them(scenario, client_for):
    _target(scenario, "day", 300, machine_type="laser")
    planner = client_for("Planner")
    params = {"facility": "MAIN", "first": "2026-03-02", "last": "2026-03-03"}
    html = planner.get(reverse("planning:utilization"), params).content.decode()
    summary = html[html.index('id="utilization-summary"'):html.index('id="overloaded"') + 2000]
    assert "250.0 %" in summary  # the peak
    assert summary.index('data-code="laser"') < summary.index('data-code="L2"')
    assert 'id="utilization-chart"' in html and "vendor/chartjs/chart.umd.min.js" in html
    export = planner.get(reverse("planning:utilization"), {**params, "period": "week", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = {(r[1], r[2].date()): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("L2", MAR2)][4] == 750 and rows[("L2", MAR2)][5] == 800
    assert rows[("laser", MAR2)][6] == 600 and rows[("laser", MAR2)][9]  # 2 days x 300, over


def test_a_target_is_for_a_line_or_a_machine_type(scenario):
    from django.core.exceptions import ValidationError

    target = CapacityTarget(facility=scenario["facility"], line=scenario["l1"], machine_type="laser", period="day",
                            units=1, valid_from=MAR2)
    with pytest.raises(ValidationError, match="exactly one"):
        target.full_clean()
