import pytest

from portal.models import Department, Facility, ProductionLine
from portal.roles import QUALITY_ADMIN, QUALITY_INSPECTOR
from portal.testing.factories import UserFactory
from quality.models import DefectCode


def in_role(username: str, role: str):
    from django.contrib.auth.models import Group

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def plant(db):
    facility = Facility.objects.create(code="MTY", name="Monterrey", time_zone="America/Monterrey")
    line = ProductionLine.objects.create(facility=facility, code="L1", name="Line 1")
    main = DefectCode.objects.create(code="SUR", name="Surface")
    scratch = DefectCode.objects.create(code="SUR-SCR", name="Scratch", parent=main)
    filling, labeling = Department.objects.create(name="Filling"), Department.objects.create(name="Labeling")
    return {"facility": facility, "line": line, "main": main, "scratch": scratch, "filling": filling,
            "labeling": labeling, "inspector": in_role("inspector", QUALITY_INSPECTOR),
            "qadmin": in_role("qadmin", QUALITY_ADMIN), "floor": UserFactory(username="floor")}
