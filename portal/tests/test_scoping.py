import pytest

from portal.services.scoping import lines_for
from portal.testing.factories import DepartmentFactory, ProductionLineFactory


@pytest.mark.django_db
def test_user_without_departments_sees_every_active_line(role_user, plant):
    user = role_user("DowntimeTracker_User")
    retired = ProductionLineFactory(facility=plant["facility"], code="OLD", active=False)
    assert set(lines_for(user)) == set(plant["lines"])
    assert retired not in lines_for(user)


@pytest.mark.django_db
def test_departments_limit_the_lines(role_user, plant):
    user = role_user("DowntimeTracker_User")
    packing = DepartmentFactory(name="Packing")
    packing.lines.add(plant["lines"][1])
    user.departments.add(packing)
    assert list(lines_for(user)) == [plant["lines"][1]]
    packing.active = False
    packing.save()
    assert set(lines_for(user)) == set(plant["lines"])  # a retired department no longer restricts
