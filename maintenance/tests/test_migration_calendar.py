"""The upgrade moves maintenance's working days and holidays to the core's working calendar and keeps every row."""

import datetime as dt

import pytest

from portal.calendar.store import calendar_for
from portal.testing.factories import FacilityFactory
from portal.testing.migrations import latest, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("maintenance", "0007_report_keys_per_user_drop_ticketcommand"), ("portal", "0012_commandkey_and_all_lines")]




def test_working_days_and_holidays_survive_the_move_to_the_core():
    weekend_plant, plain_plant = FacilityFactory(code="WKD"), FacilityFactory(code="PLN")
    old = migrate_to(BEFORE)
    try:
        old.get_model("maintenance", "WorkingDays").objects.create(facility_id=weekend_plant.pk, saturday=True,
                                                                   friday=False)
        Holiday = old.get_model("maintenance", "Holiday")
        Holiday.objects.create(facility_id=weekend_plant.pk, date=dt.date(2026, 12, 25), name="Christmas")
        Holiday.objects.create(facility_id=plain_plant.pk, date=dt.date(2027, 1, 1), name="New Year")
    finally:
        migrate_to(latest())
    from portal.models import Holiday as CoreHoliday

    assert calendar_for(weekend_plant).weekdays == frozenset({1, 2, 3, 4, 6})
    assert calendar_for(weekend_plant).holidays == frozenset({dt.date(2026, 12, 25)})
    assert calendar_for(plain_plant).weekdays == frozenset({1, 2, 3, 4, 5})  # no row: Monday to Friday
    assert CoreHoliday.objects.get(facility=plain_plant).name == "New Year"
