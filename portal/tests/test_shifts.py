"""Shift detection at the edges, across midnight, per facility time zone, and overlap validation."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from portal.services.shifts import shift_at
from portal.testing.factories import FacilityFactory, ShiftFactory

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at(y, m, d, hh, mm=0, ss=0, tz=CHICAGO):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=tz)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "expected", "production_date"),
    [
        (at(2026, 3, 2, 6, 0), "Day", dt.date(2026, 3, 2)),  # start edge is inclusive
        (at(2026, 3, 2, 13, 59, 59), "Day", dt.date(2026, 3, 2)),
        (at(2026, 3, 2, 14, 0), "Swing", dt.date(2026, 3, 2)),  # end edge belongs to the next shift
        (at(2026, 3, 2, 21, 59), "Swing", dt.date(2026, 3, 2)),
        (at(2026, 3, 2, 22, 0), "Night", dt.date(2026, 3, 2)),
        (at(2026, 3, 2, 23, 59, 59), "Night", dt.date(2026, 3, 2)),
        (at(2026, 3, 3, 0, 0), "Night", dt.date(2026, 3, 2)),  # after midnight: still last night's shift
        (at(2026, 3, 3, 5, 59, 59), "Night", dt.date(2026, 3, 2)),
        (at(2026, 3, 3, 6, 0), "Day", dt.date(2026, 3, 3)),
    ],
)
def test_shift_at(plant, moment, expected, production_date):
    occurrence = shift_at(plant["facility"], moment)
    assert occurrence.shift.name == expected
    assert occurrence.production_date == production_date
    assert occurrence.start <= moment < occurrence.end


@pytest.mark.django_db
def test_overnight_occurrence_spans_midnight(plant):
    occurrence = shift_at(plant["facility"], at(2026, 3, 3, 2, 30))
    assert occurrence.start == at(2026, 3, 2, 22, 0)
    assert occurrence.end == at(2026, 3, 3, 6, 0)


@pytest.mark.django_db
def test_moment_in_another_zone_is_read_in_the_facility_zone(plant):
    # 12:30 UTC is 06:30 in Chicago (CST): the day shift.
    assert shift_at(plant["facility"], at(2026, 1, 5, 12, 30, tz=dt.UTC)).shift.name == "Day"


@pytest.mark.django_db
def test_between_shifts_and_inactive_shifts(plant):
    facility = plant["facility"]
    night = plant["shifts"][2]
    night.active = False
    night.save()
    assert shift_at(facility, at(2026, 3, 3, 1, 0)) is None


@pytest.mark.django_db
def test_facilities_do_not_share_shifts(plant):
    other = FacilityFactory(code="EAST", time_zone="America/New_York")
    assert shift_at(other, at(2026, 3, 2, 8, 0)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "clash"),
    [
        (dt.time(13), dt.time(15), True),  # overlaps Day and Swing
        (dt.time(5), dt.time(7), True),  # overlaps Night's tail and Day
        (dt.time(23), dt.time(1), True),  # inside Night, also overnight
        (dt.time(14), dt.time(22), True),  # identical to Swing
    ],
)
def test_overlapping_shift_is_refused_with_a_clear_message(plant, start, end, clash):
    shift = ShiftFactory.build(facility=plant["facility"], name="Extra", start_time=start, end_time=end)
    with pytest.raises(ValidationError, match="overlaps"):
        shift.full_clean()


@pytest.mark.django_db
def test_adjacent_shift_is_accepted():
    facility = FacilityFactory()
    ShiftFactory(facility=facility, name="A", start_time=dt.time(6), end_time=dt.time(14))
    ShiftFactory.build(facility=facility, name="B", start_time=dt.time(14), end_time=dt.time(22)).full_clean()


def test_overnight_duration():
    from portal.models import Shift

    assert Shift(start_time=dt.time(22), end_time=dt.time(6)).duration == dt.timedelta(hours=8)
    assert Shift(start_time=dt.time(6), end_time=dt.time(14, 30)).duration == dt.timedelta(hours=8, minutes=30)
    assert Shift(start_time=dt.time(7), end_time=dt.time(7)).duration == dt.timedelta(hours=24)
