"""The demo builds a usable plan on the demo plant's machine types, once."""

import pytest

from portal.testing.factories import FacilityFactory, MachineFactory, ProductionLineFactory
from scheduling.planning.demo import build_demo
from scheduling.planning.models import Operation, PlanningOrder


@pytest.mark.django_db
def test_demo_orders_are_scheduled_once():
    line = ProductionLineFactory(facility=FacilityFactory(code="MAIN"), code="L1")
    for code, kind in (("M1", "process"), ("M2", "labeler"), ("M3", "case packer")):
        MachineFactory(line=line, code=code, machine_type=kind)
    build_demo()
    build_demo()
    assert PlanningOrder.objects.count() == 12
    assert Operation.objects.count() == 36
    assert PlanningOrder.objects.filter(state="released").count() == 4
