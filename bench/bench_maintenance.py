"""Maintenance: MTBF/MTTR for 200 machines over 3 years of tickets and downtime (target < 1 s).

    .venv/bin/python bench/bench_maintenance.py                       # 200 machines, 3 years, 5 runs
    .venv/bin/python bench/bench_maintenance.py --machines 400 --tickets-per-year 40

Loads a throwaway SQLite portal DB with corrective and preventive tickets (opened/finished, repair minutes) and
downtime stops linked to them (planned and unplanned categories), then times the one aggregate query of the
MTBF/MTTR page (maintenance.services.reliability.with_reliability), rows fetched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.0


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{Path(tempfile.gettempdir()) / f'portal_bench_mnt_{os.getpid()}.sqlite3'}",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(machines: int, per_year: int, years: int) -> tuple[dt.datetime, dt.datetime, int, int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from downtime.models import Category, DowntimeEvent
    from maintenance.models import DowntimeLink, Priority, Ticket
    from portal.models import Facility, Machine, ProductionLine

    rng = random.Random(14)
    end = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    start = end - dt.timedelta(days=365 * years)
    span = (end - start).total_seconds()
    with transaction.atomic():
        user = get_user_model().objects.create(username="bench")
        facility = Facility.objects.create(code="B", name="Bench", time_zone="America/Chicago")
        priority = Priority.objects.order_by("rank").first()
        unplanned = Category.objects.create(name="Breakdown")
        planned = Category.objects.create(name="Changeover", planned=True)
        lines = [ProductionLine.objects.create(facility=facility, code=f"L{i:02d}", name=f"Line {i}")
                 for i in range(machines // 10 + 1)]
        all_machines = Machine.objects.bulk_create(
            [Machine(line=lines[i // 10], code=f"M{i:04d}", name=f"Machine {i}") for i in range(machines)])
        tickets = []
        for machine in all_machines:
            for _ in range(per_year * years):
                opened = start + dt.timedelta(seconds=rng.random() * span)
                repair = rng.randint(15, 600)
                kind = "corrective" if rng.random() < 0.7 else "preventive"
                tickets.append(Ticket(line_id=machine.line_id, machine=machine, kind=kind, priority=priority,
                                      problem="bench", state="verified", opened_at=opened, state_entered_at=opened,
                                      finished_at=opened + dt.timedelta(minutes=repair), repair_minutes=repair))
        Ticket.objects.bulk_create(tickets, batch_size=2000)
        events, links = [], []
        tickets = list(Ticket.objects.values_list("pk", "line_id", "opened_at"))
        for pk, line_id, opened in tickets:
            for _ in range(rng.randint(0, 2)):
                minutes = rng.randint(5, 240)
                events.append(DowntimeEvent(
                    facility=facility, line_id=line_id, start=opened, end=opened + dt.timedelta(minutes=minutes),
                    duration_minutes=minutes, category=unplanned if rng.random() < 0.8 else planned,
                    production_date=opened.date(), idempotency_key=uuid.uuid4(), created_by=user))
                links.append(pk)
        DowntimeEvent.objects.bulk_create(events, batch_size=2000)
        ids = list(DowntimeEvent.objects.order_by("pk").values_list("pk", flat=True))
        DowntimeLink.objects.bulk_create([DowntimeLink(ticket_id=t, event_id=e) for t, e in zip(links, ids,
                                                                                                 strict=True)],
                                         batch_size=2000)
    return start, end, len(tickets), len(events)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--machines", type=int, default=200)
    parser.add_argument("--tickets-per-year", type=int, default=20)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup()
    from maintenance.services.reliability import with_reliability
    from portal.models import Machine

    started = time.perf_counter()
    start, end, n_tickets, n_events = load(args.machines, args.tickets_per_year, args.years)
    print(f"loaded {args.machines} machines, {n_tickets} tickets, {n_events} downtime stops "
          f"in {time.perf_counter() - started:.1f} s")
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        rows = list(with_reliability(Machine.objects.filter(active=True), start, end)
                    .values("pk", "failures", "mtbf_hours", "mttr_hours"))
        times.append(time.perf_counter() - t0)
    assert len(rows) == args.machines and all(r["failures"] for r in rows)
    sample = rows[0]
    print(f"sample: machine {sample['pk']}: {sample['failures']} failures, MTBF {sample['mtbf_hours']:.1f} h, "
          f"MTTR {sample['mttr_hours']:.2f} h")
    median = statistics.median(times)
    print(f"MTBF/MTTR of {args.machines} machines over {args.years} years: median {median:.3f} s, "
          f"max {max(times):.3f} s over {args.runs} runs (target < {TARGET_S:.0f} s: "
          f"{'met' if median < TARGET_S else 'MISSED'})")
    dashboard_figures(end, args.runs)
    api_figures(start, end, args.machines)
    return 0


DASHBOARD_TARGET_S = 0.5


def dashboard_figures(end: dt.datetime, runs: int) -> None:
    """The dashboard's charts (issue 34): the SLA trend over 52 weeks (per month) and 13 weeks, whose closing
    moments are bucketed in Python in each plant's zone, and the open tickets by age and priority."""
    from maintenance.services import dashboard

    for weeks in (13, 52):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            trend = dashboard.sla_trend(end, weeks)
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        print(f"SLA trend, {weeks} weeks ({len(trend)} periods, {sum(p.closed for p in trend)} closed tickets): "
              f"median {median:.3f} s (target < {DASHBOARD_TARGET_S} s, ratio {median / DASHBOARD_TARGET_S:.2f})")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        dashboard.open_by_age_and_priority(end)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    print(f"open tickets by age and priority: median {median:.3f} s "
          f"(target < {DASHBOARD_TARGET_S} s, ratio {median / DASHBOARD_TARGET_S:.2f})")


def api_figures(start: dt.datetime, end: dt.datetime, machines: int) -> None:
    """The same figures through the REST API (/api/maintenance/reliability/, 100 machines a page): the aggregate
    plus serialization and the HTTP stack, every page fetched."""
    import warnings

    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.models import User

    warnings.filterwarnings("ignore", message="No directory at")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.create(username="bench_mnt_api")
    user.groups.set([Group.objects.get(name="Maintenance_Technician")])
    client = Client()
    client.force_login(user)
    query = {"start": start.isoformat(), "end": end.isoformat()}
    times = []
    for _ in range(5):
        began, url, rows = time.perf_counter(), "/api/maintenance/reliability/", 0
        params = query
        while url:
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code
            body = response.json()
            rows += len(body["results"])
            url, params = body["next"], None
        times.append(time.perf_counter() - began)
    assert rows == machines
    print(f"REST API, all {rows} machines ({-(-rows // 100)} pages): median {statistics.median(times):.3f} s, "
          f"max {max(times):.3f} s over {len(times)} runs")


if __name__ == "__main__":
    sys.exit(main())
