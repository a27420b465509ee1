"""The OEE engine on hand-computed examples (ideal rate 60 units/h = 1 minute per unit unless said otherwise)."""

import datetime as dt

import pytest

from production.engine.oee import Count, Stop, Window, compute, total

D = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return D + dt.timedelta(days=day, hours=hour, minutes=minute)


SWING = Window("L1", "Swing", at(0, 14), at(0, 22), 60)
NIGHT = Window("L1", "Night", at(0, 22), at(1, 6), 60)  # overnight
STOPS = [
    Stop("L1", at(0, 18), at(0, 18, 30), planned=True),  # break
    Stop("L1", at(0, 21, 30), at(0, 22, 30)),  # a jam across the shift change: 30 min in each shift
    Stop("L1", at(0, 21, 45), at(0, 22, 10)),  # recorded again by the next crew: overlaps, counted once
    Stop("L1", at(1, 2), at(1, 2, 1)),  # a 1-minute micro-stop
    Stop("L2", at(0, 15), at(0, 16)),  # another line
]
PRODUCED = [Count("L1", at(0, 20), 380), Count("L1", at(1, 3), 400), Count("L2", at(0, 20), 999)]
REJECTED = [Count("L1", at(0, 20, 30), 19)]


def test_swing_shift_with_a_break_and_half_a_jam():
    swing, _ = compute([SWING, NIGHT], STOPS, PRODUCED, REJECTED, micro_stop_minutes=2)
    assert (swing.shift_minutes, swing.planned_stop_minutes, swing.planned_minutes) == (480, 30, 450)
    assert (swing.downtime_minutes, swing.run_minutes) == (30, 420)
    assert swing.availability == pytest.approx(420 / 450)
    assert swing.performance == pytest.approx(380 / 420)
    assert swing.quality == pytest.approx(361 / 380)
    assert swing.oee == pytest.approx(0.802222, abs=1e-6)
    assert swing.quality_loss_minutes == 19


def test_overnight_shift_gets_the_rest_of_the_jam_once_and_its_micro_stop():
    _, night = compute([SWING, NIGHT], STOPS, PRODUCED, REJECTED, micro_stop_minutes=2)
    assert (night.planned_minutes, night.downtime_minutes, night.micro_stop_minutes) == (480, 30, 1)
    assert night.availability == pytest.approx(450 / 480)
    assert night.performance == pytest.approx(400 / 450)
    assert night.quality == 1 and night.oee == pytest.approx(0.833333, abs=1e-6)
    assert night.performance_loss_minutes == pytest.approx(50)
    assert (night.micro_stop_minutes, night.speed_loss_minutes) == (1, pytest.approx(49))


def test_the_day_is_the_sum_of_its_shifts_not_the_average_of_their_ratios():
    day = total(compute([SWING, NIGHT], STOPS, PRODUCED, REJECTED), line="L1")
    assert (day.planned_minutes, day.run_minutes, day.produced, day.good) == (930, 870, 780, 761)
    assert day.oee == pytest.approx((870 / 930) * (780 / 870) * (761 / 780))


def test_a_shift_with_no_output_has_zero_oee_and_no_quality_figure():
    [idle] = compute([Window("L3", "Day", at(0, 6), at(0, 14), 60)], [], [])
    assert idle.availability == 1 and idle.performance == 0 and idle.quality is None and idle.oee == 0


def test_a_stop_covering_the_whole_shift_leaves_no_run_time():
    [down] = compute([Window("L3", "Day", at(0, 6), at(0, 14), 60)], [Stop("L3", at(0, 5), at(0, 15))], [])
    assert down.availability == 0 and down.performance is None and down.oee is None


def test_performance_above_100_percent_is_shown_and_flagged_not_capped():
    [fast] = compute([Window("L4", "Day", at(0, 6), at(0, 7), 60)], [], [Count("L4", at(0, 6, 30), 90)])
    assert fast.performance == 1.5
    assert "ideal rate is probably set too low" in fast.notes[0]


def test_output_without_an_ideal_rate_cannot_be_judged():
    [unknown] = compute([Window("L5", "Day", at(0, 6), at(0, 7), 0)], [], [Count("L5", at(0, 6, 30), 10)])
    assert unknown.performance is None and unknown.oee is None and "no ideal rate" in unknown.notes[0]
