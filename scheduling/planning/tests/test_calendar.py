"""Planning on the plant's working calendar (hand-computed; the scenario of conftest.py: Day 06:00-14:00 and Swing
14:00-22:00, Monday to Friday; 2 March 2026 is a Monday)."""

import datetime as dt

from portal.calendar.store import calendar_for
from portal.models import Holiday, WorkingDays
from scheduling.planning.models import Operation
from scheduling.planning.services.analysis import utilization
from scheduling.planning.services.capacity import capacity_per_day
from scheduling.planning.services.schedule import schedule_order

from .conftest import at, make_order

FRI, SAT, SUN, MON = dt.date(2026, 3, 6), dt.date(2026, 3, 7), dt.date(2026, 3, 8), dt.date(2026, 3, 9)


def _stages(order):
    return {op.stage: (op.planned_start, op.planned_end) for op in Operation.objects.filter(order=order)}


def test_a_stage_crossing_the_weekend_resumes_on_mondays_first_shift(scenario):
    # C: 600 u, from Fri 18:00. Cutting 6 h at 100 u/h: 4 h until 22:00, 2 h from Monday 06:00 -> Mon 08:00.
    # Welding 12 h at 50 u/h on L2 (free by then): Mon 08:00-22:00 is 14 h -> ends Mon 20:00.
    c = make_order("C", scenario["facility"], scenario["routing"], 600, MON)
    schedule_order(c, at(FRI, 18))
    stages = _stages(c)
    assert stages["cutting"] == (at(FRI, 18), at(MON, 8))
    assert stages["welding"] == (at(MON, 8), at(MON, 20))
    # its load is on Friday and Monday (the working time it runs), nothing on the weekend
    rows = {(r.line.code, r.day): r for r in utilization(scenario["facility"], FRI, MON)}
    assert [rows[("L1", day)].planned for day in (FRI, SAT, SUN, MON)] == [400, 0, 0, 200]
    assert rows[("L1", SAT)].capacity == 0 and rows[("L1", SUN)].capacity == 0


def test_a_stage_planned_from_saturday_starts_on_mondays_first_shift(scenario):
    d = make_order("D", scenario["facility"], scenario["routing"], 100, MON)
    schedule_order(d, at(SAT, 9))
    assert _stages(d)["cutting"] == (at(MON, 6), at(MON, 7))


def test_a_holiday_has_no_capacity_and_no_planned_work(scenario):
    Holiday.objects.create(facility=scenario["facility"], date=MON, name="Plant holiday")
    capacity = capacity_per_day([scenario["l1"].pk], FRI, dt.date(2026, 3, 10), calendar_for(scenario["facility"]))
    assert [capacity[(scenario["l1"].pk, FRI + dt.timedelta(days=n))] for n in range(5)] == [2000, 0, 0, 0, 2000]
    e = make_order("E", scenario["facility"], scenario["routing"], 100, MON)
    schedule_order(e, at(FRI, 21, 30))  # 0.5 h on Friday, then Tuesday's first shift (Monday is the holiday)
    assert _stages(e)["cutting"] == (at(FRI, 21, 30), at(dt.date(2026, 3, 10), 6, 30))


def test_a_plant_working_saturdays_plans_on_saturday(scenario):
    WorkingDays.objects.create(facility=scenario["facility"], saturday=True)
    f = make_order("F", scenario["facility"], scenario["routing"], 100, MON)
    schedule_order(f, at(SAT, 5))
    assert _stages(f)["cutting"] == (at(SAT, 6), at(SAT, 7))
    rows = {(r.line.code, r.day): r for r in utilization(scenario["facility"], SAT, SUN)}
    assert (rows[("L1", SAT)].capacity, rows[("L1", SUN)].capacity) == (2000, 0)
