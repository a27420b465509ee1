"""Eight weeks of downtime for the demo plant (a demo step after the reason codes, see DowntimeConfig.demo_steps).

Bulk-created, not recorded one by one through ``record_event``: the service path costs about 10 ms a stop (scope,
key, overlap and shift queries, the audit entry) and eight weeks of twelve lines are about 9,000 stops, a minute
and a half on its own (bench/bench_demo.py). The rows are the ones the service stores (production date by its
``production_date_for``, no ERP job so no snapshot to read); they carry no audit entries and no command keys, being
the demo's starting data rather than floor writes, and none opens a maintenance ticket (breakdowns are recorded by
maintenance/demo_history.py through the service, with their tickets).
The mix a plant manager expects to see: a break in every shift and a weekly meeting (planned), a changeover most
shifts, jams that are mostly micro-stops (a minute, some two or three, on the labeler or the case packer, more
of them at night and on the packaging lines), and now and then a sensor fault, a material shortage or a quality hold.

Seeded (the same plant every time), dated back from each facility's local today, and idempotent per line and day:
a day that has stops is left as it is, so a second run keeps the history and a run days later fills the gap.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.demo import as_of, history_dates, history_random
from portal.models import Facility
from portal.services.localtime import today_local

from .models import Category, DowntimeEvent
from .services.events import production_date_for

RECORDER = "demo_downtime_admin"  # works on every line (plant-wide role, no department)
KEYS = uuid.UUID("6f1d3c2a-5b7e-4c1d-9a8e-2f4b6c8d0e1a")  # namespace of the history's idempotency keys
# Lines that jam more than the others (so the Pareto by line is not flat): code suffix -> factor.
JAMMY = {"L03": 2.0, "L02": 1.4}
# (parent, reason, chance per shift, shortest minutes, longest minutes); Conveyor is itself under Mechanical
OCCASIONAL = [
    ("Mechanical", "Sensor fault", 0.12, 8, 35),
    ("Material", "Shortage", 0.15, 15, 60),
    ("Material", "Wrong component", 0.05, 10, 30),
    ("Material", "Quality hold", 0.04, 20, 50),
    ("Quality", "Out of spec", 0.08, 10, 40),
    ("Quality", "Waiting for QC release", 0.08, 10, 30),
    ("Planned", "Preventive maintenance", 0.02, 45, 90),
    ("Conveyor", "Belt slip", 0.06, 5, 25),
    ("Conveyor", "Motor trip", 0.03, 10, 40),
]
CHANGEOVERS = ["Size change", "Product change", "Cleaning"]


def _categories() -> dict[tuple[str, str], Category]:
    """Reasons by (parent's name, name), at any depth below the top level."""
    return {(c.parent.name, c.name): c for c in Category.objects.filter(depth__gt=1).select_related("parent")}


Stop = tuple[dt.datetime, int, Category, object, int]  # start, minutes, category, machine (or None), crew


def _shift_stops(rng, categories, line, shift, day: dt.date, tz) -> list[Stop]:
    """(start, minutes, category, machine, crew) of one shift run, in order and not overlapping."""
    begin = dt.datetime.combine(day, shift.start_time, tzinfo=tz)
    length = int(shift.duration.total_seconds() // 60)
    machines = list(line.machines.all())
    wanted: list[tuple[int, int, Category, object]] = []  # (minute of the shift, minutes, category, machine)
    wanted.append((rng.randint(200, 260), 30, categories[("Planned", "Break")], None))
    if day.weekday() == 0 and shift.start_time.hour == 6:
        wanted.append((5, 20, categories[("Planned", "Meeting")], None))
    if rng.random() < 0.7:
        wanted.append((rng.randint(20, 150), rng.randint(15, 45), categories[("Changeover", rng.choice(CHANGEOVERS))],
                       None))
    jams = JAMMY.get(line.code[-3:], 1.0) * (1.5 if shift.start_time.hour >= 22 else 1.0)
    for _n in range(round(rng.uniform(0.5, 2.5) * jams)):
        wanted.append((rng.randint(30, length - 20), rng.choice((1, 1, 1, 2, 3)), categories[("Mechanical", "Jam")],
                       rng.choice(machines[1:] or machines) if machines else None))
    for main, sub, chance, shortest, longest in OCCASIONAL:
        if rng.random() < chance:
            wanted.append((rng.randint(30, length - 60), rng.randint(shortest, longest), categories[(main, sub)],
                           None))
    stops, free_from = [], 0
    for minute, minutes, category, machine in sorted(wanted, key=lambda stop: stop[0]):
        minute = max(minute, free_from)
        if minute + minutes > length - 5:
            continue
        stops.append((begin + dt.timedelta(minutes=minute), minutes, category, machine, 2 + rng.randint(0, 2)))
        free_from = minute + minutes + 5
    return stops


def build_history() -> None:
    recorder = get_user_model().objects.filter(username=RECORDER).first()
    categories = _categories()
    if recorder is None or ("Planned", "Break") not in categories:
        return
    now = timezone.now()
    for facility in Facility.objects.filter(active=True).order_by("code"):
        tz = facility.tzinfo
        today = today_local(facility)
        shifts = list(facility.shifts.filter(active=True).select_related("facility").order_by("start_time"))
        for line in facility.lines.active().select_related("facility").prefetch_related("machines").order_by("code"):
            recorded = set(DowntimeEvent.objects.filter(line=line, production_date__gte=today - dt.timedelta(days=60))
                           .values_list("production_date", flat=True))
            rng = history_random(f"downtime:{line.code}")
            for day in [*history_dates(today), today]:
                stops = [(shift, stop) for shift in shifts
                         for stop in _shift_stops(rng, categories, line, shift, day, tz)]
                if day in recorded:
                    continue  # drawn all the same, so the days after it are the same plant as in the first run
                events = [_event(recorder, line, shift, f"{line.code}:{day}:{n}", *stop)
                          for n, (shift, stop) in enumerate(stops)
                          if stop[0] + dt.timedelta(minutes=stop[1]) <= now - dt.timedelta(minutes=5)]
                if events:
                    with as_of(min(max(event.end for event in events) + dt.timedelta(minutes=10), now)):
                        DowntimeEvent.objects.bulk_create(events)


def _event(recorder, line, shift, key: str, start: dt.datetime, minutes: int, category: Category, machine,
           crew: int) -> DowntimeEvent:
    """The event ``record_event`` would store for this stop (fields as the service's ``_apply`` sets them, the
    production date by the service's own rule); no ERP job, so no snapshot to read."""
    end = start + dt.timedelta(minutes=minutes)
    return DowntimeEvent(
        facility_id=line.facility_id, line=line, start=start, end=end, duration_minutes=minutes, crew_size=crew,
        category=category, shift=shift, machine=machine, production_date=production_date_for(shift, line, start),
        idempotency_key=uuid.uuid5(KEYS, key), created_by=recorder)
