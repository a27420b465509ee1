"""Planning on the working calendar: scheduling 2,000 orders x 5 stages, and utilization over a quarter with targets.

1. The engine alone (scheduling/planning/engine/forward.py on portal.calendar): 2,000 orders x 5 stages on 20
   machines (4 per machine type), a plant working Monday to Friday, two shifts (06:00-14:00, 15:00-23:00), three
   holidays in the quarter; each stage in working time only (across shift ends, weekends and holidays).
   Target < 1 s.
2. The utilization of that quarter with targets (daily per line, weekly per machine type, monthly per line), the
   same plan saved to the database: the service (period_loads, day / week / month) and the page (GET
   /planning/utilization/, database read + computation + render, DEBUG off, SQLite). Target < 500 ms.
Run: .venv/bin/python bench/bench_planning_calendar.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_planning import LINES, MACHINES, ORDERS, STAGES, configure  # noqa: E402

QUARTER_START = dt.date(2026, 1, 5)  # a Monday
QUARTER_DAYS = 91
TYPES = ["cut", "bend", "weld", "paint", "pack"]
HOLIDAYS = (dt.date(2026, 1, 19), dt.date(2026, 2, 16), dt.date(2026, 3, 30))


def calendar(zone):
    from portal.calendar.arithmetic import WorkingCalendar

    return WorkingCalendar(tz=zone, shifts=((dt.time(6), dt.time(14)), (dt.time(15), dt.time(23))),
                           holidays=frozenset(HOLIDAYS))


def orders_to_plan(rng: random.Random, zone):
    """(ready moment, units) per order, released over the quarter."""
    releases = sorted(rng.randrange(0, 24 * (QUARTER_DAYS - 21)) for _ in range(ORDERS))
    start = dt.datetime.combine(QUARTER_START, dt.time(6), tzinfo=zone)
    return [(start + dt.timedelta(hours=h), rng.randint(1, 4) * 100) for h in releases]


def schedule_all(cal, orders, machines_by_type):
    """The engine only: every order's 5 stages on the calendar, machines queued in order of release."""
    from scheduling.planning.engine import forward

    timelines = {key: forward.Timeline(cal) for keys in machines_by_type.values() for key in keys}
    plans = []
    for ready, units in orders:
        stages = [forward.Stage(seq, dt.timedelta(minutes=units * 60 // 100), machines_by_type[kind])
                  for seq, kind in enumerate(TYPES, 1)]
        plans.append(forward.schedule_stages(stages, ready, timelines))
    return plans


def main() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/Chicago")
    cal = calendar(zone)
    rng = random.Random(11)
    orders = orders_to_plan(rng, zone)
    machine_keys = {kind: [f"m{n}" for n in range(MACHINES) if n % STAGES == i] for i, kind in enumerate(TYPES)}
    samples = []
    for _ in range(3):
        cal = calendar(zone)  # each run computes its shift windows again
        started = time.perf_counter()
        plans = schedule_all(cal, orders, machine_keys)
        samples.append((time.perf_counter() - started) * 1000)
    stages = sum(len(p) for p in plans)
    last_end = max(p[-1].end for p in plans).astimezone(zone)
    on_days_off = sum(1 for p in plans for s in p if not cal.works_on(s.start.astimezone(zone).date())
                      and s.start.astimezone(zone).time() >= dt.time(6))
    median = statistics.median(samples)
    print(f"schedule {ORDERS:,} orders x {STAGES} stages = {stages:,} stages on {MACHINES} machines on the working "
          f"calendar: median {median:.0f} ms, best {min(samples):.0f} ms (last stage ends {last_end:%Y-%m-%d %H:%M},"
          f" {on_days_off} stages starting on a day off)  target < 1000 ms  ratio {median / 1000:.2f}")

    configure()
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.models import Facility, Holiday, Machine, ProductionCapacity, ProductionLine, Shift, User
    from scheduling.planning.models import (
        CapacityTarget,
        Operation,
        OrderItem,
        PlanningOrder,
        Routing,
        RoutingStage,
    )
    from scheduling.planning.services.targets import period_loads

    facility = Facility.objects.create(code="CAL", name="Calendar bench", time_zone="America/Chicago")
    lines = [ProductionLine.objects.create(facility=facility, code=f"L{n}", name=f"Line {n}") for n in range(LINES)]
    shifts = [Shift.objects.create(facility=facility, name=n, start_time=dt.time(a), end_time=dt.time(b))
              for n, a, b in (("Day", 6, 14), ("Swing", 15, 23))]
    for day in HOLIDAYS:
        Holiday.objects.create(facility=facility, date=day)
    for line in lines:
        for shift in shifts:
            ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=1600)
        CapacityTarget.objects.create(facility=facility, line=line, period="day", units=3000,
                                      valid_from=QUARTER_START)
        CapacityTarget.objects.create(facility=facility, line=line, period="month", units=60000,
                                      valid_from=QUARTER_START)
    for kind in TYPES:
        CapacityTarget.objects.create(facility=facility, machine_type=kind, period="week", units=12000,
                                      valid_from=QUARTER_START)
    machines = {f"m{n}": Machine.objects.create(line=lines[n % LINES], code=f"M{n:02d}", name=f"Machine {n}",
                                                machine_type=TYPES[n % STAGES]) for n in range(MACHINES)}
    routing = Routing.objects.create(product_family="CAL")
    for seq, kind in enumerate(TYPES, 1):
        RoutingStage.objects.create(routing=routing, sequence=seq, name=kind, machine_type=kind, rate_per_hour=100)
    PlanningOrder.objects.bulk_create([PlanningOrder(number=f"C{n:05d}", facility=facility, routing=routing,
                                                     due_date=QUARTER_START + dt.timedelta(days=60))
                                       for n in range(ORDERS)], batch_size=1000)
    saved = list(PlanningOrder.objects.filter(facility=facility).order_by("pk"))
    OrderItem.objects.bulk_create([OrderItem(order=o, product="P", quantity=units)
                                   for o, (_ready, units) in zip(saved, orders, strict=True)], batch_size=2000)
    ops = []
    for order, plan, (_ready, units) in zip(saved, plans, orders, strict=True):
        for placed, kind in zip(plan, TYPES, strict=True):
            machine = machines[placed.resource]
            ops.append(Operation(order=order, sequence=placed.sequence, stage=kind, machine_type=kind,
                                 line_id=machine.line_id, machine=machine, planned_start=placed.start,
                                 planned_end=placed.end, units=units))
    Operation.objects.bulk_create(ops, batch_size=2000)
    last = QUARTER_START + dt.timedelta(days=QUARTER_DAYS - 1)
    for period in ("day", "week", "month"):
        period_loads(facility, QUARTER_START, last, period)  # warm
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            loads = period_loads(facility, QUARTER_START, last, period)
            runs.append((time.perf_counter() - started) * 1000)
        median = statistics.median(runs)
        print(f"utilization service, quarter by {period}: median {median:.0f} ms ({len(loads):,} rows, "
              f"{sum(r.over for r in loads)} over)  target < 500 ms  ratio {median / 500:.2f}")
    if os.environ.get("BENCH_PROFILE"):  # where the time goes: BENCH_PROFILE=1
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(period_loads, facility, QUARTER_START, last, "day")
        pstats.Stats(profile).sort_stats("cumtime").print_stats(25)
    user = User.objects.create(username="bench_calendar_planner")
    user.groups.set([Group.objects.get(name="Planner")])
    client = Client()
    client.force_login(user)
    url = f"/planning/utilization/?facility=CAL&first={QUARTER_START}&last={last}"
    assert client.get(url).status_code == 200
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(url)
        runs.append((time.perf_counter() - started) * 1000)
    median = statistics.median(runs)
    print(f"utilization page, quarter by day with targets (GET): median {median:.0f} ms "
          f"({len(response.content) / 1024:.0f} KiB)  target < 500 ms  ratio {median / 500:.2f}")


if __name__ == "__main__":
    main()
