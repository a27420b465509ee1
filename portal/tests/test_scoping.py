"""Floor scoping fails closed (portal/services/scoping.py): department members work on their lines, plant-wide roles
on their facilities' lines, anyone else on none; reports keep a retired line's history."""

import pytest

from portal.commands import Forbidden
from portal.services.scoping import history_lines_for, lines_for, require_line, require_owner, scope_to_lines
from portal.testing.factories import DepartmentFactory, FacilityFactory, ProductionLineFactory


@pytest.mark.django_db
def test_a_floor_user_without_a_department_works_on_no_line(role_user, plant):
    user = role_user("DowntimeTracker_User")
    assert list(lines_for(user)) == []
    with pytest.raises(Forbidden) as refused:
        require_line(user, plant["lines"][0])
    assert refused.value.status == 403 and "L1" in refused.value.message


@pytest.mark.django_db
def test_departments_limit_the_lines_and_a_retired_department_gives_none(role_user, plant):
    user = role_user("DowntimeTracker_User")
    packing = DepartmentFactory(name="Packing")
    packing.lines.add(plant["lines"][1])
    user.departments.add(packing)
    assert list(lines_for(user)) == [plant["lines"][1]]
    require_line(user, plant["lines"][1])
    packing.active = False
    packing.save()
    assert list(lines_for(user)) == []  # a retired department gives no line (it used to open every line)


@pytest.mark.django_db
def test_plant_wide_roles_work_on_their_facilities_lines(role_user, plant):
    other = FacilityFactory(code="MTY", name="Monterrey")
    far_line = ProductionLineFactory(facility=other, code="M1")
    admin = role_user("Production_Admin")
    retired = ProductionLineFactory(facility=plant["facility"], code="OLD", active=False)
    assert set(lines_for(admin)) == {*plant["lines"], far_line}  # no department: every facility
    department = DepartmentFactory(name="Main production")
    department.lines.add(plant["lines"][0])
    admin.departments.add(department)
    assert set(lines_for(admin)) == set(plant["lines"])  # the whole of their department's facility
    assert retired not in lines_for(admin) and retired in history_lines_for(admin)


@pytest.mark.django_db
def test_reports_keep_a_retired_lines_history_and_office_readers_see_the_plant(role_user, plant):
    planner = role_user("Scheduling_User")  # reads the plant's reports, works on no line
    plant["lines"][0].active = False
    plant["lines"][0].save()
    assert list(lines_for(planner)) == []
    assert set(history_lines_for(planner)) == set(plant["lines"])
    every_line = plant["lines"][0].__class__.objects.all()
    assert plant["lines"][0] in scope_to_lines(every_line, planner, "pk")  # records of a retired line stay readable
    operator = role_user("DowntimeTracker_User")
    assert list(history_lines_for(operator)) == []


@pytest.mark.django_db
def test_only_the_owner_or_who_may_act_for_them(role_user):
    operator, lead, other = (role_user(r) for r in ("Laser_Operator", "Laser_Manager", "Scheduling_User"))
    assert require_owner(operator, operator.pk, act_for="laser.manage_shop", message="not yours") is False
    assert require_owner(lead, operator.pk, act_for="laser.manage_shop", message="not yours") is True
    with pytest.raises(Forbidden, match="not yours"):
        require_owner(other, operator.pk, act_for="laser.manage_shop", message="not yours")
