"""A hand-computed planning scenario for the engine: conflicts, utilization per day against capacity, late orders.

Chicago plant, 2–3 March 2026 (no DST change). Capacity: M1 1,000 units a day, M2 500.
  A  O1 stage 1  M1  02 Mar 06:00–14:00  800 u  -> M1 02 Mar: 800
  B  O1 stage 2  M2  02 Mar 12:00–16:00  400 u  -> starts before A ends (sequence); M2 02 Mar: 400
  C  O2 stage 1  M1  02 Mar 13:00–21:00  800 u  -> overlaps A 13:00–14:00; M1 02 Mar: 800 + 800 = 1,600 (over)
  D  O2 stage 2  M2  02 Mar 22:00–03 Mar 04:00  600 u  -> 100 u/h: 200 on 02 Mar (M2 = 600, over), 400 on 03 Mar
  E  O3 stage 1  M1  03 Mar 06:00–08:00  100 u  } touching, no overlap; M1 03 Mar: 200
  F  O4 stage 1  M1  03 Mar 08:00–10:00  100 u  }
Due: O1 02 Mar 15:00 (ends 16:00: 1 h late), O2 03 Mar 06:00 (ends 04:00: on time), O3 03 Mar 07:00 (ends 08:00).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from scheduling.planning.engine.schedule import Booking, Conflict, conflicts, gantt_rows, late_orders, utilization

CHI = ZoneInfo("America/Chicago")
MAR2, MAR3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHI)


BOOKINGS = [
    Booking(1, "O1", 1, "M1", at(MAR2, 6), at(MAR2, 14), 800),
    Booking(2, "O1", 2, "M2", at(MAR2, 12), at(MAR2, 16), 400),
    Booking(3, "O2", 1, "M1", at(MAR2, 13), at(MAR2, 21), 800),
    Booking(4, "O2", 2, "M2", at(MAR2, 22), at(MAR3, 4), 600),
    Booking(5, "O3", 1, "M1", at(MAR3, 6), at(MAR3, 8), 100),
    Booking(6, "O4", 1, "M1", at(MAR3, 8), at(MAR3, 10), 100),
]
CAPACITY = {("M1", MAR2): 1000, ("M1", MAR3): 1000, ("M2", MAR2): 500, ("M2", MAR3): 500}


def test_conflicts_are_the_overlap_on_m1_and_the_early_second_stage_only():
    assert conflicts(BOOKINGS) == [Conflict("overlap", 1, 3), Conflict("sequence", 1, 2)]


def test_utilization_per_day_against_capacity():
    rows = {(r.resource, r.day): r for r in utilization(BOOKINGS, CAPACITY, CHI, MAR2, MAR3, ["M1", "M2"])}
    assert {key: row.planned for key, row in rows.items()} == {
        ("M1", MAR2): 1600, ("M1", MAR3): 200, ("M2", MAR2): 600, ("M2", MAR3): 400}
    assert rows[("M1", MAR2)].utilization == 1.6 and rows[("M2", MAR3)].utilization == 0.8
    assert {key for key, row in rows.items() if row.over_capacity} == {("M1", MAR2), ("M2", MAR2)}


def test_a_day_without_capacity_has_no_ratio_but_any_load_is_over():
    rows = utilization(BOOKINGS, {}, CHI, MAR2, MAR2, ["M1"])
    assert rows[0].utilization is None and rows[0].over_capacity


def test_late_orders_are_those_ending_after_their_due_time():
    due = {"O1": at(MAR2, 15), "O2": at(MAR3, 6), "O3": at(MAR3, 7)}
    assert late_orders(BOOKINGS, due) == {"O1": dt.timedelta(hours=1), "O3": dt.timedelta(hours=1)}


def test_moving_c_after_a_clears_the_overlap_and_moves_its_load_to_the_next_day():
    moved = [b if b.id != 3 else Booking(3, "O2", 1, "M1", at(MAR2, 20), at(MAR3, 4), 800) for b in BOOKINGS]
    assert Conflict("overlap", 1, 3) not in conflicts(moved)
    rows = {(r.resource, r.day): r.planned for r in utilization(moved, CAPACITY, CHI, MAR2, MAR3, ["M1"])}
    assert rows == {("M1", MAR2): 800 + 400, ("M1", MAR3): 400 + 200}


def test_days_follow_the_plant_zone_across_the_spring_change():
    # 8 March 2026 has 23 hours in Chicago: a booking over the whole local day puts all its units on that day.
    mar8 = dt.date(2026, 3, 8)
    booking = Booking(1, "O", 1, "M1", at(mar8, 0), at(dt.date(2026, 3, 9), 0), 230)
    rows = utilization([booking], {}, CHI, mar8, dt.date(2026, 3, 9), ["M1"])
    assert [r.planned for r in rows] == [230, 0]


def test_gantt_rows_hold_only_bookings_in_the_window_in_time_order():
    rows = gantt_rows(BOOKINGS, at(MAR3, 0), at(MAR3, 12))
    assert {resource: [b.id for b in row] for resource, row in rows.items()} == {"M1": [5, 6], "M2": [4]}
