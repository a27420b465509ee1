"""A hand-computed planning scenario (Chicago plant, Monday 2 March 2026, no DST change). The plant works Monday to
Friday, Day 06:00-14:00 and Swing 14:00-22:00: stages run in that working time only.

Lines: L1 with two laser machines LZ1 and LZ2 (capacity Day 1,000 + Swing 1,000 = 2,000 units a day); L2, the
welding line (Day 400 units a day). Routing BRACKET: 1 cutting on a laser at 100 u/h, 2 welding on L2 at 50 u/h.

Scheduled from 2 Mar 06:00, A first, then B:
  A (400 u, due 3 Mar): cutting LZ1 06:00–10:00 (LZ1 and LZ2 tie: the first code wins); welding L2 10:00–18:00.
  B (350 u, due 2 Mar): cutting LZ2 06:00–09:30 (LZ1 is busy until 10:00); welding 7 h on L2: 09:30 + 7 h does
     not fit before A's 10:00, so from 18:00: 4 h until the Swing shift ends at 22:00, the 3 h left from Tuesday's
     first shift, 06:00–09:00 on 3 Mar -> 9 h after the end of its due date: late.
Utilization: L1 2 Mar 400 + 350 = 750 of 2,000; L2 2 Mar 400 (A) + 4 h × 50 = 200 (B) = 600 of 400: over
capacity; L2 3 Mar 3 h × 50 = 150.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.testing.factories import (
    FacilityFactory,
    MachineFactory,
    ProductionCapacityFactory,
    ProductionLineFactory,
    ShiftFactory,
)
from scheduling.planning.models import OrderItem, PlanningOrder, Routing, RoutingStage
from scheduling.planning.services.schedule import schedule_order

CHI = ZoneInfo("America/Chicago")
MAR2, MAR3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CHI)


def make_order(number, facility, routing, quantity, due, **kwargs):
    order = PlanningOrder.objects.create(number=number, facility=facility, routing=routing, due_date=due, **kwargs)
    OrderItem.objects.create(order=order, product=f"P-{number}", quantity=quantity)
    return order


@pytest.fixture
def scenario(db):
    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    l1 = ProductionLineFactory(facility=facility, code="L1")
    l2 = ProductionLineFactory(facility=facility, code="L2")
    lz1 = MachineFactory(line=l1, code="LZ1", machine_type="laser")
    lz2 = MachineFactory(line=l1, code="LZ2", machine_type="laser")
    day = ShiftFactory(facility=facility, name="Day", start_time=dt.time(6), end_time=dt.time(14))
    swing = ShiftFactory(facility=facility, name="Swing", start_time=dt.time(14), end_time=dt.time(22))
    ProductionCapacityFactory(line=l1, shift=day, units_per_shift=1000)
    ProductionCapacityFactory(line=l1, shift=swing, units_per_shift=1000)
    ProductionCapacityFactory(line=l2, shift=day, units_per_shift=400)
    routing = Routing.objects.create(product_family="BRACKET")
    RoutingStage.objects.create(routing=routing, sequence=1, name="cutting", machine_type="laser",
                                rate_per_hour=Decimal(100))
    RoutingStage.objects.create(routing=routing, sequence=2, name="welding", line=l2, rate_per_hour=Decimal(50))
    a = make_order("A", facility, routing, 400, MAR3)
    b = make_order("B", facility, routing, 350, MAR2)
    schedule_order(a, at(MAR2, 6))
    schedule_order(b, at(MAR2, 6))
    return {"facility": facility, "l1": l1, "l2": l2, "lz1": lz1, "lz2": lz2, "routing": routing, "a": a, "b": b}
