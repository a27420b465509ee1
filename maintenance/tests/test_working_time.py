"""SLA clock in working time, hand-computed (America/Chicago; Mon 2026-11-30 .. Mon 2026-12-07).

Two shifts with gaps: 06:00-14:00 and 15:00-23:00, Monday to Friday. A night-only plant: 22:00-06:00.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from portal.calendar.arithmetic import WorkingCalendar, add_working_time, working_time

TZ = ZoneInfo("America/Chicago")
T = dt.time
TWO_SHIFTS = WorkingCalendar(tz=TZ, shifts=((T(6), T(14)), (T(15), T(23))))
NIGHTS = WorkingCalendar(tz=TZ, shifts=((T(22), T(6)),))
H = dt.timedelta(hours=1)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_the_gap_between_two_shifts_does_not_count():
    # Mon 13:00-14:00 (1 h) + 15:00-16:00 (1 h); 14:00-15:00 is between shifts
    assert working_time(TWO_SHIFTS, at(2026, 11, 30, 13), at(2026, 11, 30, 16)) == 2 * H


def test_the_weekend_and_the_nights_do_not_count():
    # Fri 21:00-23:00 (2 h), Saturday and Sunday off, Mon 06:00-07:30 (1.5 h)
    assert working_time(TWO_SHIFTS, at(2026, 12, 4, 21), at(2026, 12, 7, 7, 30)) == 3.5 * H


def test_a_holiday_stops_the_clock():
    calendar = WorkingCalendar(tz=TZ, shifts=TWO_SHIFTS.shifts, holidays=frozenset({dt.date(2026, 12, 7)}))
    # as above, but Monday is a holiday: Fri 2 h + Tue 06:00-07:30 1.5 h
    assert working_time(calendar, at(2026, 12, 4, 21), at(2026, 12, 8, 7, 30)) == 3.5 * H


def test_an_overnight_shift_belongs_to_the_day_it_starts():
    # Friday's night 22:00 -> Sat 06:00 counts in full (Friday works): 8 h. Sunday's night (Sun 22:00 -> Mon 06:00)
    # started on a Sunday, which does not work: Mon 03:00 adds nothing.
    assert working_time(NIGHTS, at(2026, 12, 4, 20), at(2026, 12, 7, 3)) == 8 * H
    # inside one night, across midnight: Tue 23:00 -> Wed 02:30
    assert working_time(NIGHTS, at(2026, 12, 1, 23), at(2026, 12, 2, 2, 30)) == 3.5 * H


def test_the_night_the_clocks_go_back_lasts_nine_hours():
    every_day = WorkingCalendar(tz=TZ, shifts=NIGHTS.shifts, weekdays=frozenset(range(1, 8)))
    # Sat 2026-10-31 22:00 CDT -> Sun 2026-11-01 06:00 CST is 9 hours of real time
    assert working_time(every_day, at(2026, 10, 31, 21), at(2026, 11, 1, 7)) == 9 * H


def test_due_moment_skips_the_weekend():
    # opened Fri 22:30 with 4 working hours: 0.5 h on Friday, then 3.5 h from Mon 06:00 -> Mon 09:30
    assert add_working_time(TWO_SHIFTS, at(2026, 12, 4, 22, 30), 4 * H) == at(2026, 12, 7, 9, 30)
    # opened in the gap (Mon 14:20), 1 h: the clock starts at 15:00 -> 16:00
    assert add_working_time(TWO_SHIFTS, at(2026, 11, 30, 14, 20), 1 * H) == at(2026, 11, 30, 16)


def test_due_moment_across_an_overnight_shift():
    # opened Thu 21:00 (before the night), 10 h: Thu night 22:00-06:00 is 8 h, Friday's night gives 2 h more
    assert add_working_time(NIGHTS, at(2026, 12, 3, 21), 10 * H) == at(2026, 12, 5, 0)
    # opened Fri 23:00, 9 h: 7 h left of Friday's night, the weekend's nights do not work, 2 h of Monday's night
    assert add_working_time(NIGHTS, at(2026, 12, 4, 23), 9 * H) == at(2026, 12, 8, 0)


def test_working_time_and_due_moment_agree():
    start = at(2026, 12, 3, 12, 17)
    for hours in (0.25, 1, 7.5, 13, 40):
        due = add_working_time(TWO_SHIFTS, start, dt.timedelta(hours=hours))
        assert working_time(TWO_SHIFTS, start, due) == dt.timedelta(hours=hours)


def test_without_shifts_the_clock_is_the_wall_clock():
    calendar = WorkingCalendar(tz=TZ, shifts=())
    assert working_time(calendar, at(2026, 12, 4, 21), at(2026, 12, 5, 3)) == 6 * H
    assert add_working_time(calendar, at(2026, 12, 4, 21), 6 * H) == at(2026, 12, 5, 3)


def test_never_more_than_wall_time_and_zero_backwards():
    assert working_time(TWO_SHIFTS, at(2026, 12, 1, 10), at(2026, 12, 1, 9)) == dt.timedelta(0)
    assert working_time(TWO_SHIFTS, at(2026, 12, 1, 7), at(2026, 12, 1, 8)) == H
