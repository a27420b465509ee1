"""Quality dashboard benchmark (run on demand: ``.venv/bin/python bench/bench_quality.py``).

100,000 internal rejects over a year on 12 lines (13 defect codes, every state), 10,000 SOP tickets between 6
departments (a third still open or disputed), 2,000 NCRs and 2,000 customer returns; then the quality dashboard
over the whole year (Pareto by defect code, by line, by week, open tickets/NCRs by department and age,
escalations this week): median and best of 5 renders through the in-process test client, DEBUG off, on SQLite
and on a throwaway PostgreSQL. Target: under 1 s. Options: --rejects N, --tickets N, --skip-sqlite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _load import PY, ROOT, django_on

ERP_URL = f"sqlite:///{ROOT / 'var' / 'erp_bench_2.sqlite3'}"  # the dashboard reads no ERP


def load(rejects: int, tickets: int) -> None:
    import datetime as dt
    import random

    from django.utils import timezone

    from portal.models import Department, Facility, ProductionLine, User
    from quality.models import CustomerReturn, DefectCode, InternalReject, Ncr, SopTicket

    rng = random.Random(12)
    started = time.perf_counter()
    user, _ = User.objects.get_or_create(username="bench_loader")
    facility, _ = Facility.objects.get_or_create(code="QB", defaults={"name": "Bench", "time_zone": "America/Chicago"})
    lines = [ProductionLine.objects.get_or_create(facility=facility, code=f"QL{n}", defaults={"name": f"L{n}"})[0]
             for n in range(12)]
    codes = []
    for m in range(4):
        main, _ = DefectCode.objects.get_or_create(code=f"M{m}", defaults={"name": f"Main {m}"})
        codes += [DefectCode.objects.get_or_create(code=f"M{m}-{s}", defaults={"name": f"Code {m}.{s}",
                                                                              "parent": main})[0]
                  for s in range(3 + (m == 0))]
    departments = [Department.objects.get_or_create(name=f"Bench dept {d}")[0] for d in range(6)]
    now = timezone.now()
    states = ["submitted"] * 3 + ["approved"] * 4 + ["rejected", "closed", "closed"]
    batch = []
    for _ in range(rejects):
        at = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        state = rng.choice(states)
        batch.append(InternalReject(line=rng.choice(lines), part=f"P-{rng.randint(1, 400)}",
                                    quantity=rng.randint(1, 20), defect=rng.choice(codes), occurred_at=at,
                                    state=state, state_entered_at=at, created_by=user,
                                    approved_at=at if state in ("approved", "closed") else None))
        if len(batch) >= 5000:
            InternalReject.objects.bulk_create(batch)
            batch.clear()
    InternalReject.objects.bulk_create(batch)
    ticket_states = ["open", "disputed", "accepted", "closed", "closed", "withdrawn"]
    SopTicket.objects.bulk_create([
        SopTicket(charging_department=departments[i % 6], charged_department=departments[(i + 1 + i % 5) % 6],
                  sop_reference=f"SOP-{i % 90}", description="bench", state=rng.choice(ticket_states),
                  created_by=user) for i in range(tickets)], batch_size=5000)
    # created_at is auto_now_add: spread the ages afterwards (ten slices of ids, 0 to 45 days old)
    first = SopTicket.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    for k in range(10):
        SopTicket.objects.filter(pk__gte=first + k * tickets // 10, pk__lt=first + (k + 1) * tickets // 10).update(
            created_at=now - dt.timedelta(days=5 * k, hours=k))
    Ncr.objects.bulk_create([
        Ncr(title=f"NCR {i}", description="bench", department=departments[i % 6], owner=user, created_by=user,
            state=rng.choice(["open", "contained", "closed"]),
            created_at=now - dt.timedelta(hours=rng.randint(0, 2000)))
        for i in range(tickets // 5)], batch_size=5000)
    CustomerReturn.objects.bulk_create([
        CustomerReturn(facility=facility, customer=f"C{i % 40}", part=f"P-{i % 400}", quantity=rng.randint(1, 50),
                       reason="bench", defect=rng.choice(codes), received_at=now - dt.timedelta(hours=i * 4),
                       created_by=user) for i in range(tickets // 5)], batch_size=5000)
    print(f"  loaded {InternalReject.objects.count():,} rejects, {SopTicket.objects.count():,} tickets, "
          f"{Ncr.objects.count():,} NCRs, {CustomerReturn.objects.count():,} returns "
          f"in {time.perf_counter() - started:.1f} s")


def dashboard_phase(database_url: str, rejects: int, tickets: int) -> None:
    django_on(database_url, ERP_URL)
    sys.path.insert(0, str(ROOT / "bench"))
    from _setup import client_for, time_get
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    load(rejects, tickets)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = client_for("Quality_Inspector")
    today = timezone.localdate()
    url = f"/quality/?start={today.replace(year=today.year - 1).isoformat()}&end={today.isoformat()}"
    median, best, status = time_get(client, url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"  {connection.vendor}: dashboard over a year: median {median:.0f} ms, best {best:.0f} ms "
          f"(HTTP {status}, {len(queries)} queries)")
    import datetime as dt

    from quality.services import dashboard as parts

    zone = timezone.get_current_timezone()
    end = timezone.now()
    start = end - dt.timedelta(days=366)
    for name, call in (("pareto", lambda: parts.pareto(start, end)), ("by line", lambda: parts.by_line(start, end)),
                       ("by week", lambda: parts.by_week(start, end, zone)),
                       ("open by department", parts.open_by_department),
                       ("escalations", lambda: parts.escalations_this_week(zone=zone))):
        began = time.perf_counter()
        call()
        print(f"    {name}: {(time.perf_counter() - began) * 1000:.0f} ms")
    median, best, status = time_get(client, "/quality/rejects/?state=approved")
    print(f"  {connection.vendor}: reject list, approved, page 1: median {median:.0f} ms, best {best:.0f} ms "
          f"(HTTP {status})")


def main() -> None:
    if sys.argv[1:2] == ["_dashboard"]:
        return dashboard_phase(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--rejects", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from portal.testing.services import start_postgres, stop_postgres

    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    counts = [str(args.rejects), str(args.tickets)]
    if not args.skip_sqlite:
        sqlite = Path(tempfile.gettempdir()) / f"portal_bench_quality_{os.getpid()}.sqlite3"
        print("dashboard on SQLite:")
        subprocess.run([PY, __file__, "_dashboard", f"sqlite:///{sqlite}", *counts], check=True)
        sqlite.unlink(missing_ok=True)
    if args.skip_postgres:
        return
    server = start_postgres()
    try:
        print("dashboard on PostgreSQL:")
        subprocess.run([PY, __file__, "_dashboard", server.url("postgres"), *counts], check=True)
    finally:
        stop_postgres(server.directory)


if __name__ == "__main__":
    main()
