"""OEE benchmark (run on demand: ``.venv/bin/python bench/bench_oee.py``).

12 lines, 3 shifts a day (one overnight), a year: ~13,000 shift windows, 100,000 downtime stops (some planned,
some overlapping, some across shift changes) and a year of OUT movements (~100,000). Times:
1. the engine alone on those inputs (plain Python), median of 5;
2. the whole report path for the year (``production.services.oee_inputs.oee``: shifts, capacity, downtime, movements
   read from the database, then the engine), median of 5, on SQLite and on a throwaway PostgreSQL (as in production);
3. the report page for the year (HTML, rows per line and week, and per line), median of 3.

Options: --no-postgres (SQLite only), --profile (cProfile of one report-path run).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def engine_only() -> None:
    from production.engine.oee import Count, Stop, Window, compute

    rng = random.Random(3)
    start = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)
    windows, stops, produced = [], [], []
    for day in range(365):
        for line in range(12):
            for shift in range(3):
                ws = start + dt.timedelta(days=day, hours=8 * shift)
                windows.append(Window(f"L{line}", f"S{shift}", ws, ws + dt.timedelta(hours=8), 60))
    for _ in range(100_000):
        line = rng.randrange(12)
        s = start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        stops.append(Stop(f"L{line}", s, s + dt.timedelta(minutes=rng.choice([1, 5, 20, 45, 90])),
                          planned=rng.random() < 0.2))
        produced.append(Count(f"L{line}", s, rng.randint(5, 80)))
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        results = compute(windows, stops, produced)
        runs.append(time.perf_counter() - began)
    print(f"  engine: {len(windows):,} windows, {len(stops):,} stops, {len(produced):,} counts -> "
          f"{len(results):,} results: median {statistics.median(runs) * 1000:.0f} ms, best {min(runs) * 1000:.0f} ms")


def full_path(database_url: str, label: str) -> None:
    """Fill ``database_url`` with the year of data, then time ``data.oee`` over it (runs in its own process)."""
    from _load import django_on

    django_on(database_url, f"sqlite:///{ROOT / 'var' / 'erp_bench_oee.sqlite3'}")
    from django.db import connection

    from downtime.models import Category, DowntimeEvent
    from portal.models import Facility, ProductionCapacity, ProductionLine, Shift, User
    from production.models import Movement, ProductionOrder
    from production.services import oee_inputs as data

    facility = Facility.objects.create(code="OE", name="OEE bench", time_zone="America/Chicago")
    shifts = [Shift.objects.create(facility=facility, name=n, start_time=dt.time(h), end_time=dt.time((h + 8) % 24))
              for n, h in (("Day", 6), ("Swing", 14), ("Night", 22))]
    lines = [ProductionLine.objects.create(facility=facility, code=f"OL{n:02d}", name=f"Line {n}") for n in range(12)]
    for line in lines:
        for shift in shifts:
            ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=480)
    user = User.objects.create(username="oee_bench")
    cats = [Category.objects.create(name="Break", planned=True), Category.objects.create(name="Jam")]
    order = ProductionOrder.objects.create(number="OEE-1")
    rng = random.Random(5)
    origin = dt.datetime(2025, 1, 1, 6, tzinfo=dt.UTC)
    events, movements = [], []
    for _ in range(100_000):
        line = rng.choice(lines)
        s = origin + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        events.append(DowntimeEvent(facility=facility, line=line, category=rng.choice(cats), start=s,
                                    end=s + dt.timedelta(minutes=rng.choice([1, 5, 20, 45])), duration_minutes=5,
                                    production_date=s.date(), created_by=user, idempotency_key=uuid.uuid4()))
        movements.append(Movement(order=order, line=line, direction="OUT", quantity=rng.randint(5, 80), user=user,
                                  at=s, plant_date=s.date()))
    DowntimeEvent.objects.bulk_create(events, batch_size=5000)
    Movement.objects.bulk_create(movements, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does to a year of rows: index-only scans need it
            cursor.execute("VACUUM ANALYZE")
    lines = list(ProductionLine.objects.filter(facility=facility).select_related("facility"))
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        results = data.oee(lines, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        runs.append(time.perf_counter() - began)
    print(f"  report path ({label}, read + engine): {len(results):,} shift results for 12 lines over 2025: "
          f"median {statistics.median(runs) * 1000:.0f} ms, best {min(runs) * 1000:.0f} ms")
    page_year(lines, label)
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        cProfile.runctx("data.oee(lines, dt.date(2025, 1, 1), dt.date(2025, 12, 31))", globals(), locals(),
                        str(Path(tempfile.gettempdir()) / "oee.prof"))
        pstats.Stats(str(Path(tempfile.gettempdir()) / "oee.prof")).sort_stats("cumulative").print_stats(15)


def page_year(lines, label: str) -> None:
    """The whole report page for the year (filter form, engine, grouping, trend chart, waterfall, HTML)."""
    import warnings

    from django.conf import settings
    from django.test import Client

    warnings.filterwarnings("ignore", message="No directory at")  # collectstatic is not needed for the timing

    from portal.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    admin = User.objects.create(username="oee_bench_admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    for group in ("week", "line"):
        url = f"/production/oee/?first=2025-01-01&last=2025-12-31&group={group}&micro=2"
        runs = []
        for _ in range(3):
            began = time.perf_counter()
            response = client.get(url)
            runs.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
        print(f"  report page ({label}, rows per line and {group}, {len(response.content) // 1024} KiB HTML): "
              f"median {statistics.median(runs) * 1000:.0f} ms, best {min(runs) * 1000:.0f} ms")


def main() -> None:
    if sys.argv[1:2] == ["_path"]:
        return full_path(sys.argv[2], sys.argv[3])
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    engine_only()
    extra = ["--profile"] if "--profile" in sys.argv else []
    db = Path(tempfile.gettempdir()) / f"portal_bench_oee_{os.getpid()}.sqlite3"
    try:
        subprocess.run([sys.executable, __file__, "_path", f"sqlite:///{db}", "SQLite", *extra], check=True)
    finally:
        db.unlink(missing_ok=True)
    if "--no-postgres" in sys.argv:
        return
    from portal.testing.services import start_postgres, stop_postgres

    server = start_postgres()
    try:
        subprocess.run([sys.executable, __file__, "_path", server.url(), "PostgreSQL", *extra], check=True)
    finally:
        stop_postgres(server.directory)


if __name__ == "__main__":
    main()
