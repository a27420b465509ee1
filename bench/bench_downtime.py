"""Downtime benchmarks (run on demand: ``.venv/bin/python bench/bench_downtime.py``).

1. Summary: a year of events on 12 lines (~100,000) -> the whole-year downtime summary page, on SQLite and on
   PostgreSQL (median and best of 5 renders, in-process test client, DEBUG off).
2. Tablets: 50 concurrent tablets post entries through the REST API (token auth) to gunicorn + PostgreSQL on
   loopback, with the production settings. Every tablet posts its entries with a fresh idempotency key and
   re-sends some of them (a response lost on the Wi-Fi); afterwards the database must hold each key exactly once.
   Two loads: "burst" (every tablet posts back to back: the server's capacity, latency is mostly queueing) and
   "busy floor" (each tablet posts every 0-10 s, ~10 requests/s offered; a real floor records a stop per line
   every few minutes).

Options: --events N (default 100000), --tablets N (50), --posts N per tablet (20), --workers N (gunicorn, 5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _load import PY, ROOT, django_on, drive, gunicorn, run_phase, server_env, summary, write_keys

ERP_URL = f"sqlite:///{ROOT / 'var' / 'erp_bench_2.sqlite3'}"  # entries read no ERP; any demo file will do
YEAR_START = "2025-01-01"


def _django(database_url: str) -> None:
    django_on(database_url, ERP_URL)


def _plant():
    """12 lines on two facilities, three shifts each, 4 main categories with 14 leaves."""
    import datetime as dt

    from downtime.models import Category
    from portal.models import Facility, ProductionLine, Shift

    lines = []
    for f in range(2):
        facility, _ = Facility.objects.get_or_create(code=f"B{f}", defaults={"name": f"Bench {f}",
                                                                          "time_zone": "America/Chicago"})
        for name, start, end in (("Day", 6, 14), ("Swing", 14, 22), ("Night", 22, 6)):
            Shift.objects.get_or_create(facility=facility, name=name,
                                        defaults={"start_time": dt.time(start), "end_time": dt.time(end)})
        for n in range(6):
            line, _ = ProductionLine.objects.get_or_create(facility=facility, code=f"BL{f}{n}",
                                                           defaults={"name": f"Bench line {f}{n}"})
            lines.append(line)
    leaves = []
    for m, subs in enumerate((("Jam", "Breakdown", "Electrical", "Hydraulic"), ("Format", "Cleaning", "Product"),
                              ("No material", "Wrong material", "Late delivery"),
                              ("Break", "Meeting", "Training", "No operator"))):
        main, _ = Category.objects.get_or_create(name=f"Main {m}", parent=None)
        # the first main's reasons sit one level deeper (Main 0 > Machine > Jam...): the Pareto rolls up 3 levels
        under = Category.objects.get_or_create(name="Machine", parent=main)[0] if m == 0 else main
        for sub in subs:
            leaf, _ = Category.objects.get_or_create(name=sub, parent=under)
            leaves.append(leaf)
    return lines, leaves


def _works_on_bench_lines(*usernames: str) -> None:
    """Floor and report scoping fail closed (portal/services/scoping.py): the bench's users work in a department
    of every bench line."""
    from portal.models import Department, User

    lines, _ = _plant()
    department, _ = Department.objects.get_or_create(name="Bench floor")
    department.lines.add(*lines)
    for user in User.objects.filter(username__in=usernames):
        user.departments.add(department)


def load_year(count: int) -> None:
    """~count events over a year, non-overlapping per line, shift and production date set as the service would."""
    import datetime as dt

    from django.contrib.auth.models import Group

    from downtime.models import DowntimeEvent
    from portal.models import Shift, User

    if DowntimeEvent.objects.count() >= count * 0.9:
        return
    lines, leaves = _plant()
    user, _ = User.objects.get_or_create(username="bench_operator")
    user.groups.set([Group.objects.get(name="DowntimeTracker_User")])
    shifts = {(s.facility_id, s.name): s for s in Shift.objects.all()}
    rng = random.Random(7)
    per_day = max(1, round(count / (365 * len(lines))))
    slot = 24 * 60 // per_day
    first = dt.date.fromisoformat(YEAR_START)
    batch, started = [], time.perf_counter()
    for day in range(365):
        date = first + dt.timedelta(days=day)
        for line in lines:
            tz = line.facility.tzinfo
            for s in range(per_day):
                minute = s * slot + rng.randrange(0, max(1, slot - 60))
                start = dt.datetime.combine(date, dt.time(0), tzinfo=tz) + dt.timedelta(minutes=minute)
                length = rng.choice((5, 8, 10, 15, 20, 30, 45, 60))
                hour = start.hour
                name = "Day" if 6 <= hour < 14 else "Swing" if 14 <= hour < 22 else "Night"
                production_date = date - dt.timedelta(days=1) if hour < 6 else date
                batch.append(DowntimeEvent(
                    facility_id=line.facility_id, line=line, start=start, end=start + dt.timedelta(minutes=length),
                    duration_minutes=length, crew_size=rng.randint(0, 6), category=rng.choice(leaves),
                    shift=shifts[(line.facility_id, name)], production_date=production_date,
                    comments=rng.choice(("", "", "operator note", "waiting for maintenance")),
                    idempotency_key=uuid.uuid4(), created_by=user))
                if len(batch) >= 5000:
                    DowntimeEvent.objects.bulk_create(batch)
                    batch.clear()
    DowntimeEvent.objects.bulk_create(batch)
    print(f"  loaded {DowntimeEvent.objects.count():,} events in {time.perf_counter() - started:.1f} s")


def summary_phase(database_url: str, count: int) -> None:
    _django(database_url)
    sys.path.insert(0, str(ROOT / "bench"))
    from _setup import client_for, time_get
    from django.db import connection

    load_year(count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = client_for("Scheduling_User")
    _works_on_bench_lines("bench_scheduling_user")  # the reader client_for signed in
    url = "/downtime/summary/?production_date_after=2025-01-01&production_date_before=2025-12-31"
    median, best, status = time_get(client, url)
    from downtime.models import DowntimeEvent

    events = DowntimeEvent.objects.filter(production_date__year=2025).count()
    print(f"  {connection.vendor}: whole-year summary of {events:,} events: median {median:.0f} ms, "
          f"best {best:.0f} ms (HTTP {status})")
    for level in (2, 3):
        median, best, status = time_get(client, f"{url}&level={level}")
        print(f"  {connection.vendor}: whole-year summary rolled up to level {level}: median {median:.0f} ms, "
              f"best {best:.0f} ms (HTTP {status})")
    median, best, status = time_get(client, url + f"&line={DowntimeEvent.objects.values_list('line', flat=True)[0]}")
    print(f"  {connection.vendor}: one line, whole year: median {median:.0f} ms, best {best:.0f} ms (HTTP {status})")


def tablets_setup(database_url: str, tablets: int) -> None:
    """Users with tokens for the tablets; prints them as JSON for the driver."""
    _django(database_url)
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from portal.models import User

    lines, leaves = _plant()
    group = Group.objects.get(name="DowntimeTracker_User")
    tokens = []
    for i in range(tablets):
        user, _ = User.objects.get_or_create(username=f"tablet{i:02d}")
        user.groups.set([group])
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    _works_on_bench_lines(*(f"tablet{i:02d}" for i in range(tablets)))
    print(json.dumps({"tokens": tokens, "lines": [line.pk for line in lines], "categories": [c.pk for c in leaves]}))


def tablets_count(database_url: str, keys_file: str) -> None:
    _django(database_url)
    from django.db.models import Count

    from downtime.models import DowntimeEvent

    keys = json.loads(Path(keys_file).read_text())
    found = DowntimeEvent.objects.filter(idempotency_key__in=keys)
    dupes = found.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1).count()
    print(json.dumps({"found": found.count(), "expected": len(keys), "duplicated": dupes}))


def _entry(setup: dict, tablets: int, offset_days: int):
    """Tablet i's j-th entry: its own 10-minute slot on its line, so every post is valid (no overlap
    confirmations); after the loaded year (2025), in the past and within the floor's back-entry window
    (portal/services/floortime.py), so nothing overlaps the history or the future and nothing is refused."""
    import datetime as dt

    lines, categories = setup["lines"], setup["categories"]
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    origin = today - dt.timedelta(days=120 - offset_days)

    def command(session, i: int, j: int, rng: random.Random):
        start = origin + dt.timedelta(minutes=10 * (j * tablets + i))
        return "/api/downtime/events/", {
            "line": lines[i % len(lines)], "start": start.isoformat(),
            "end": (start + dt.timedelta(minutes=5)).isoformat(), "crew_size": rng.randint(1, 5),
            "category": rng.choice(categories), "comments": "bench", "idempotency_key": str(uuid.uuid4())}
    return command


def tablets_phase(database_url: str, tablets: int, posts: int, workers: int) -> None:
    env = server_env(database_url, ERP_URL)
    setup = run_phase(__file__, "_tablets_setup", database_url, str(tablets), env=env)
    with gunicorn(database_url, ERP_URL, workers) as base:
        # warm-up: every worker imports and connects
        drive(base, setup["tokens"], min(tablets, workers * 2), 2, 0, _entry(setup, min(tablets, workers * 2), 60))
        # burst: back to back (saturates the server: it measures capacity, latency is queueing);
        # busy floor: each tablet posts every 0-10 s (~10 req/s offered, still far above a real floor, where a
        # line records a stop every few minutes).
        # one tablet alone: the server's own time per entry, without queueing
        scenarios = (("one tablet", 1, 0, 40, 50), ("burst", tablets, 0, posts, 0),
                     ("busy floor", tablets, 10.0, max(1, posts // 2), 30))
        for label, active, think, count, offset in scenarios:
            load = drive(base, setup["tokens"], active, count, think, _entry(setup, active, offset))
            keys_file = write_keys(load, "bench_downtime_keys")
            try:
                check = run_phase(__file__, "_tablets_count", database_url, str(keys_file), env=env)
            finally:
                keys_file.unlink()
            print(summary(label, active, "entries", load, check))
            for error in load.errors[:3]:
                print("    ", error)


def main() -> None:
    if sys.argv[1:2] == ["_summary"]:
        return summary_phase(sys.argv[2], int(sys.argv[3]))
    if sys.argv[1:2] == ["_tablets_setup"]:
        return tablets_setup(sys.argv[2], int(sys.argv[3]))
    if sys.argv[1:2] == ["_tablets_count"]:
        return tablets_count(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--tablets", type=int, default=50)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from portal.testing.services import start_postgres, stop_postgres

    print(f"cores: {os.cpu_count()}")
    if not args.skip_sqlite:
        sqlite = Path(tempfile.gettempdir()) / f"portal_bench_downtime_{os.getpid()}.sqlite3"
        print("summary on SQLite:")
        subprocess.run([PY, __file__, "_summary", f"sqlite:///{sqlite}", str(args.events)], check=True)
        sqlite.unlink(missing_ok=True)
    server = start_postgres()
    # keep the summary phase's output even when a later phase fails
    try:
        url = server.url()
        print(f"PostgreSQL on 127.0.0.1:{server.port}")
        print("summary on PostgreSQL:")
        subprocess.run([PY, __file__, "_summary", url, str(args.events)], check=True)
        print(f"tablets posting to gunicorn ({args.workers} sync workers, production settings) + PostgreSQL "
              f"holding the year of events:")
        tablets_phase(url, args.tablets, args.posts, args.workers)
    finally:
        stop_postgres(server.directory)


if __name__ == "__main__":
    main()
