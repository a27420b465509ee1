"""The plant-local time helper (portal/services/localtime.py) and its template, list and API adapters."""

import datetime as dt

import pytest
from django.template import Context, Template

from portal.services import localtime
from portal.services.shifts import shift_at
from portal.testing.factories import FacilityFactory, ShiftFactory

CHICAGO, ATLANTA, MONTERREY = "America/Chicago", "America/New_York", "America/Monterrey"


def test_the_same_instant_reads_differently_in_each_facility_across_the_spring_change():
    # 2026-03-08: the US moves clocks forward at 02:00; Monterrey (no daylight time since 2022) does not.
    before = dt.datetime(2026, 3, 8, 6, 30, tzinfo=dt.UTC)
    after = dt.datetime(2026, 3, 9, 14, 0, tzinfo=dt.UTC)
    assert localtime.to_local(before, CHICAGO).strftime("%H:%M %Z") == "00:30 CST"
    assert localtime.to_local(before, ATLANTA).strftime("%H:%M %Z") == "01:30 EST"
    assert localtime.to_local(after, CHICAGO).strftime("%H:%M %Z") == "09:00 CDT"
    assert localtime.to_local(after, ATLANTA).strftime("%H:%M %Z") == "10:00 EDT"
    assert localtime.to_local(after, MONTERREY).strftime("%H:%M") == "08:00"


def test_zone_of_accepts_facilities_names_and_falls_back_to_the_portals_zone(settings):
    facility = FacilityFactory.build(time_zone=ATLANTA)
    assert str(localtime.zone_of(facility)) == ATLANTA
    assert str(localtime.zone_of(ATLANTA)) == ATLANTA
    assert str(localtime.zone_of(None)) == settings.TIME_ZONE
    assert str(localtime.zone_of("Not/AZone")) == settings.TIME_ZONE


def test_make_aware_refuses_the_skipped_hour_and_takes_the_first_of_the_repeated_one():
    with pytest.raises(localtime.NonexistentLocalTime):
        localtime.make_aware(dt.datetime(2026, 3, 8, 2, 30), ATLANTA)
    repeated = localtime.make_aware(dt.datetime(2026, 11, 1, 1, 30), ATLANTA)
    assert repeated.astimezone(dt.UTC) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT
    plain = localtime.make_aware(dt.datetime(2026, 7, 1, 9, 0), CHICAGO)
    assert plain.astimezone(dt.UTC).hour == 14


@pytest.mark.django_db
def test_label_only_when_the_facilities_use_several_zones():
    FacilityFactory(code="CHI", time_zone=CHICAGO)
    moment = dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)
    assert not localtime.several_zones()
    assert localtime.format_local(moment, CHICAGO, "H:i") == "09:00"
    atlanta = FacilityFactory(code="ATL", time_zone=ATLANTA)  # saving a facility refreshes the cached zones
    assert localtime.several_zones()
    assert localtime.format_local(moment, atlanta, "H:i") == "10:00 EDT"
    atlanta.active = False
    atlanta.save()
    assert not localtime.several_zones()


@pytest.mark.django_db
def test_template_tags():
    FacilityFactory(code="CHI", time_zone=CHICAGO)
    atlanta = FacilityFactory(code="ATL", time_zone=ATLANTA)
    moment = dt.datetime(2026, 1, 15, 14, 5, tzinfo=dt.UTC)
    html = Template(
        '{% load plant_time %}[{% local_time when f "H:i" %}][{{ when|in_zone:f|date:"H:i" }}]'
        '[{{ when|in_zone:f|zone_label }}][{{ when|date:"H:i" }}]'
    ).render(Context({"when": moment, "f": atlanta}))
    assert html == "[09:05 EST][09:05][EST][08:05]"  # the plain date filter stays in the portal's zone


@pytest.mark.django_db
def test_overnight_shift_of_a_facility_in_another_zone():
    """Atlanta's night shift (22:00-06:00) at 04:00 Atlanta = 03:00 in the server's zone: still the night that
    started the evening before, in Atlanta's calendar; across the fall-back night it lasts nine hours."""
    atlanta = FacilityFactory(code="ATL", time_zone=ATLANTA)
    night = ShiftFactory(facility=atlanta, name="Night", start_time=dt.time(22), end_time=dt.time(6))
    ShiftFactory(facility=atlanta, name="Day", start_time=dt.time(6), end_time=dt.time(14))
    run = shift_at(atlanta, dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))  # 04:00 EST
    assert run.shift == night and run.production_date == dt.date(2026, 1, 14)
    fall_back = shift_at(atlanta, dt.datetime(2026, 11, 1, 7, 0, tzinfo=dt.UTC))  # 02:00 EST, 2nd time round 01:00
    assert fall_back.production_date == dt.date(2026, 10, 31)
    assert fall_back.duration == dt.timedelta(hours=9)
    spring = shift_at(atlanta, dt.datetime(2026, 3, 8, 9, 0, tzinfo=dt.UTC))  # 05:00 EDT
    assert spring.production_date == dt.date(2026, 3, 7) and spring.duration == dt.timedelta(hours=7)
    # 06:30 EDT on Atlanta's day shift is 05:30 in Chicago, still night there: the facility's zone decides
    assert shift_at(atlanta, dt.datetime(2026, 6, 1, 10, 30, tzinfo=dt.UTC)).shift.name == "Day"


@pytest.mark.django_db
def test_api_field_keeps_the_facilitys_offset():
    from rest_framework import serializers

    from portal.api.fields import FacilityDateTimeField

    atlanta = FacilityFactory(code="ATL", time_zone=ATLANTA)

    class Row:
        facility = atlanta
        at = dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)

    class RowSerializer(serializers.Serializer):
        at = FacilityDateTimeField(zone="facility")
        portal_at = FacilityDateTimeField(source="at")

    assert RowSerializer(Row()).data == {"at": "2026-07-01T10:00:00-04:00", "portal_at": "2026-07-01T09:00:00-05:00"}


@pytest.mark.django_db
def test_rows_of_the_erp_read_in_the_zone_of_the_facility_with_that_erp_code():
    """ERP rows (an SO line's projection time) name their plant by ERP code: the column finds its zone."""
    from portal.lists.columns import LocalDateTimeColumn
    from portal.templatetags.lists import cell

    FacilityFactory(code="CHI", erp_code="CHI", time_zone=CHICAGO)
    FacilityFactory(code="ATL", erp_code="ATL", time_zone=ATLANTA)
    column = LocalDateTimeColumn("at", "At", erp_facility="facility")
    moment = dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)
    assert column.value({"at": moment, "facility": "ATL"}).strftime("%H:%M") == "10:00"
    assert column.value({"at": moment, "facility": "UNKNOWN"}).strftime("%H:%M") == "09:00"  # the portal's zone
    assert cell(column, column.value({"at": moment, "facility": "ATL"})).endswith("EDT")
    assert column.prepare(moment, "ATL").strftime("%H:%M %Z") == "10:00 EDT"
