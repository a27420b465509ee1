"""Demo data of job planning (called by ``manage.py portal_demo``; safe to re-run): a routing over the demo
machines' types and a dozen orders of the first facility scheduled from today, some released, one late."""

from __future__ import annotations

import datetime as dt

from portal.models import Facility, Machine
from portal.services.localtime import today_local

from .models import OrderItem, PlanningOrder, Routing, RoutingStage
from .services.exceptions import detect_exceptions
from .services.schedule import PlanRefused, schedule_order

STAGES = [("process", "process", 400), ("labeling", "labeler", 600), ("packing", "case packer", 500)]


def build_demo() -> None:
    if Routing.objects.filter(product_family="PACKAGED").exists():
        return
    facility = Facility.objects.filter(active=True, lines__machines__isnull=False).order_by("code").first()
    if facility is None or not Machine.objects.filter(line__facility=facility).exists():
        return
    routing = Routing.objects.create(product_family="PACKAGED", description="Process -> label -> pack")
    for sequence, (name, machine_type, rate) in enumerate(STAGES, 1):
        RoutingStage.objects.create(routing=routing, sequence=sequence, name=name, machine_type=machine_type,
                                    rate_per_hour=rate)
    today = today_local(facility)
    start = dt.datetime.combine(today, dt.time(6), tzinfo=facility.tzinfo)
    for n in range(12):
        order = PlanningOrder.objects.create(
            number=f"PLN-{n + 1:04d}", facility=facility, routing=routing, customer=f"Customer {n % 4 + 1}",
            priority=n % 5 + 1, due_date=today + dt.timedelta(days=1 + n // 2 - (3 if n == 5 else 0)))
        OrderItem.objects.create(order=order, product=f"FG-{100 + n % 6}", quantity=2000 + 500 * (n % 5))
        try:
            schedule_order(order, start + dt.timedelta(hours=2 * (n % 3)))
        except PlanRefused:
            continue
        if n < 4:
            order.state = PlanningOrder.State.RELEASED
            order.save(update_fields=["state"])
    detect_exceptions(facility, today)
