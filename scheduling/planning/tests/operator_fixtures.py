"""A plant running now: a shift around the current time, two lines, an order with two stages planned in it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from downtime.models import Category
from portal.roles import PRODUCTION_OPERATOR
from portal.testing.factories import (
    FacilityFactory,
    MachineFactory,
    ProductionCapacityFactory,
    ProductionLineFactory,
    ShiftFactory,
    UserFactory,
    work_on,
)
from quality.models import DefectCode
from scheduling.planning.models import Operation, OrderItem, PlanningOrder, Routing

ZONE = "Europe/Madrid"


def running_plant() -> dict:
    facility = FacilityFactory(code="MAD", time_zone=ZONE)
    now = timezone.now().astimezone(ZoneInfo(ZONE))
    start = (now - dt.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    shift = ShiftFactory(facility=facility, name="Day", start_time=start.time(),
                         end_time=(start + dt.timedelta(hours=8)).time())
    cut = ProductionLineFactory(facility=facility, code="CUT")
    weld = ProductionLineFactory(facility=facility, code="WELD")
    laser = MachineFactory(line=cut, code="LZ1", machine_type="laser")
    for line in (cut, weld):
        ProductionCapacityFactory(line=line, shift=shift, units_per_shift=1000)
    routing = Routing.objects.create(product_family="BRACKET")
    order = PlanningOrder.objects.create(number="PLN-7", facility=facility, routing=routing,
                                         due_date=now.date() + dt.timedelta(days=3), state="released")
    OrderItem.objects.create(order=order, product="BR-100", quantity=200)
    cutting = Operation.objects.create(order=order, sequence=1, stage="cutting", machine_type="laser", line=cut,
                                       machine=laser, planned_start=start, planned_end=start + dt.timedelta(hours=2),
                                       units=200)
    welding = Operation.objects.create(order=order, sequence=2, stage="welding", line=weld,
                                       planned_start=start + dt.timedelta(hours=2),
                                       planned_end=start + dt.timedelta(hours=5), units=200)
    tomorrow = Operation.objects.create(order=PlanningOrder.objects.create(
        number="PLN-8", facility=facility, routing=routing, due_date=now.date() + dt.timedelta(days=5)),
        sequence=1, stage="cutting", line=cut, planned_start=start + dt.timedelta(days=1, hours=1),
        planned_end=start + dt.timedelta(days=1, hours=2), units=50)
    operator = work_on(UserFactory(username="ana", first_name="Ana", roles=[PRODUCTION_OPERATOR]), cut, weld)
    other = work_on(UserFactory(username="luis", roles=[PRODUCTION_OPERATOR]), cut, weld)
    jam = Category.objects.create(name="Jam", name_es="Atasco", colour="#f0ad4e")
    surface = DefectCode.objects.create(code="SUR", name="Surface", name_es="Superficie")
    scratch = DefectCode.objects.create(code="SUR-SCR", name="Scratch", name_es="Rayado", parent=surface)
    return {"facility": facility, "shift": shift, "cut": cut, "weld": weld, "laser": laser, "order": order,
            "cutting": cutting, "welding": welding, "tomorrow": tomorrow, "operator": operator, "other": other,
            "jam": jam, "scratch": scratch}
