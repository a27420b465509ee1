"""Job planning bench: 2,000 orders x 5 stages on 20 machines (10,000 scheduled stages over a quarter).

Measures, through the real pages (database read + computation + template render, DEBUG off, SQLite):
- the Gantt timeline of a month (GET /planning/timeline/?days=31): rows, bars of the window only, conflicts;
- the utilization view of a quarter (GET /planning/utilization/, 90 days x 4 lines, planned vs capacity vs actual);
and the engine alone on the same bookings (no database) for comparison. Targets: < 500 ms each.
Run: .venv/bin/python bench/bench_planning.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ORDERS, STAGES, MACHINES, LINES = 2000, 5, 20, 4
QUARTER_START = dt.date(2026, 1, 1)
QUARTER_DAYS = 90


def configure() -> None:
    """Production-like settings on throwaway SQLite files (no ERP needed: planning reads only the portal DB)."""
    tmp = Path(tempfile.gettempdir())
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING",
        "ERP_DATABASE_URL": f"sqlite:///{tmp / f'erp_planbench_{os.getpid()}.sqlite3'}",
        "DATABASE_URL": f"sqlite:///{tmp / f'portal_planbench_{os.getpid()}.sqlite3'}",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    """4 lines x 5 machines, 5 machine types (one per stage, 4 machines each); orders forward-scheduled in memory
    so each machine's stages do not overlap, as the planner's scheduling would leave them."""
    from portal.models import Facility, Machine, ProductionCapacity, ProductionLine, Shift
    from scheduling.planning.models import Operation, OrderItem, PlanningOrder, Routing, RoutingStage

    zone_name = "America/Chicago"
    facility = Facility.objects.create(code="BENCH", name="Bench plant", time_zone=zone_name)
    zone = facility.tzinfo
    lines = [ProductionLine.objects.create(facility=facility, code=f"L{n}", name=f"Line {n}") for n in range(LINES)]
    shifts = [Shift.objects.create(facility=facility, name=name, start_time=dt.time(a), end_time=dt.time(b))
              for name, a, b in (("Day", 6, 14), ("Swing", 14, 22), ("Night", 22, 6))]
    for line in lines:
        for shift in shifts:
            ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=2000)
    types = ["cut", "bend", "weld", "paint", "pack"]
    machines = [Machine.objects.create(line=lines[n % LINES], code=f"M{n:02d}", name=f"Machine {n}",
                                       machine_type=types[n % STAGES]) for n in range(MACHINES)]
    routing = Routing.objects.create(product_family="BENCH")
    for seq, kind in enumerate(types, 1):
        RoutingStage.objects.create(routing=routing, sequence=seq, name=kind, machine_type=kind, rate_per_hour=100)
    rng = random.Random(11)
    free = {m.pk: dt.datetime.combine(QUARTER_START, dt.time(6), tzinfo=zone) for m in machines}
    by_type = {kind: [m for m in machines if m.machine_type == kind] for kind in types}
    orders, items, ops = [], [], []
    for n in range(ORDERS):
        due = QUARTER_START + dt.timedelta(days=rng.randrange(5, QUARTER_DAYS + 10))
        orders.append(PlanningOrder(number=f"PO{n:05d}", facility=facility, routing=routing, due_date=due,
                                    priority=rng.randint(1, 5)))
    PlanningOrder.objects.bulk_create(orders, batch_size=1000)
    orders = list(PlanningOrder.objects.filter(facility=facility).order_by("pk"))
    releases = sorted(rng.randrange(0, 24 * (QUARTER_DAYS - 10)) for _ in orders)  # hours after the start
    for order, release in zip(orders, releases, strict=True):
        units = rng.randint(1, 4) * 100
        items.append(OrderItem(order=order, product=f"P{order.pk % 50}", quantity=units))
        ready = dt.datetime.combine(QUARTER_START, dt.time(6), tzinfo=zone) + dt.timedelta(hours=release)
        for seq, kind in enumerate(types, 1):
            machine = min(by_type[kind], key=lambda m: max(free[m.pk], ready))
            start = max(free[machine.pk], ready)
            end = start + dt.timedelta(hours=units / 100)
            ops.append(Operation(order=order, sequence=seq, stage=kind, machine_type=kind, line_id=machine.line_id,
                                 machine=machine, planned_start=start, planned_end=end, units=units))
            free[machine.pk] = ready = end
    OrderItem.objects.bulk_create(items, batch_size=2000)
    Operation.objects.bulk_create(ops, batch_size=2000)
    return facility


def timed_get(client, url: str, runs: int = 5) -> tuple[float, float, int, int]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples), response.status_code, len(response.content)


def main() -> None:
    configure()
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.models import User
    from scheduling.planning.engine import schedule as engine
    from scheduling.planning.models import Operation
    from scheduling.planning.services.analysis import bookings

    started = time.perf_counter()
    facility = build()
    print(f"built {ORDERS:,} orders x {STAGES} stages = {Operation.objects.count():,} stages on {MACHINES} machines "
          f"in {time.perf_counter() - started:.1f} s")
    user = User.objects.create(username="bench_planner")
    user.groups.set([Group.objects.get(name="Planner")])
    client = Client()
    client.force_login(user)
    month = "/planning/timeline/?facility=BENCH&start=2026-02-01&days=31"
    quarter = f"/planning/utilization/?facility=BENCH&first={QUARTER_START}&last=" \
              f"{QUARTER_START + dt.timedelta(days=QUARTER_DAYS - 1)}"
    gantt_ms, gantt_best, _status, gantt_bytes = timed_get(client, month)
    util_ms, util_best, _status, util_bytes = timed_get(client, quarter)
    bars = client.get(month).content.decode().count('class="gantt-bar')
    print(f"Gantt month page (GET, server render): median {gantt_ms:.0f} ms, best {gantt_best:.0f} ms "
          f"({bars:,} bars, {gantt_bytes / 1024:.0f} KiB)  target < 500 ms")
    print(f"Utilization quarter page (GET): median {util_ms:.0f} ms, best {util_best:.0f} ms "
          f"({LINES} lines x {QUARTER_DAYS} days, {util_bytes / 1024:.0f} KiB)  target < 500 ms")

    rows = bookings(Operation.objects.all())
    zone = facility.tzinfo
    month_start = dt.datetime(2026, 2, 1, tzinfo=zone)
    month_end = dt.datetime(2026, 3, 1, tzinfo=zone)
    t0 = time.perf_counter()
    window = engine.gantt_rows(rows, month_start, month_end)
    engine.conflicts([b for row in window.values() for b in row])
    print(f"engine only: Gantt month rows + conflicts {(time.perf_counter() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
