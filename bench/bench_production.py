"""Production movements benchmarks (run on demand: ``.venv/bin/python bench/bench_production.py``).

1. Report: 1,000,000 movements over a year on 20 work centers (~5,000 orders) in PostgreSQL -> the balance
   report for one month (first page, filters by plant date), by work center and order, by user, by department,
   the movements list and the same month's API rows: median and best of 5 renders (in-process client, DEBUG off).
2. Operators: 50 concurrent operators post IN/OUT movements through the REST API (token auth) to gunicorn +
   PostgreSQL with the production settings. Each posts an IN then OUTs of the same order and re-sends some
   requests with the same idempotency key (a response lost on the Wi-Fi); afterwards each key must be stored
   exactly once and every balance must equal its movements. Loads: "one operator" alone, "busy floor" (a post
   every 0-10 s per operator) and "burst" (back to back). The load helpers are shared with bench_downtime.py
   (bench/_load.py).

Options: --movements N (1000000), --operators N (50), --posts N per operator (20), --workers N (gunicorn, 5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

from _load import PY, ROOT, django_on, drive, gunicorn, run_phase, server_env, summary, write_keys

ERP_URL = f"sqlite:///{ROOT / 'var' / 'erp_bench_production.sqlite3'}"  # movements read no ERP


def _django(database_url: str) -> None:
    django_on(database_url, ERP_URL)


def _plant():
    from portal.models import Department, Facility, ProductionLine

    facility, _ = Facility.objects.get_or_create(code="PB", defaults={"name": "Bench", "time_zone": "America/Chicago"})
    department, _ = Department.objects.get_or_create(name="Bench production")
    lines = []
    for n in range(20):
        line, _ = ProductionLine.objects.get_or_create(facility=facility, code=f"WC{n:03d}",
                                                       defaults={"name": f"Work center {n}"})
        department.lines.add(line)
        lines.append(line)
    return lines, department


def load(count: int) -> None:
    """``count`` movements over 2025: each order goes IN at one work center then OUT in several parts."""
    import datetime as dt
    import zoneinfo

    from django.db import connection

    from portal.models import User
    from production.models import Balance, Movement, ProductionOrder

    lines, _ = _plant()
    if Movement.objects.count() >= count:
        return
    user, _ = User.objects.get_or_create(username="bench_loader")
    rng = random.Random(7)
    started = time.perf_counter()
    orders = ProductionOrder.objects.bulk_create(
        [ProductionOrder(number=f"B-{n:06d}", created_by=user) for n in range(count // 200)], batch_size=5000)
    year = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    plant = zoneinfo.ZoneInfo(lines[0].facility.time_zone)
    batch, balances, made = [], {}, 0
    while made < count:
        order = rng.choice(orders)
        line = rng.choice(lines)
        at = year + dt.timedelta(seconds=rng.randrange(365 * 86400))
        qty = rng.randint(50, 500)
        rows = [(Movement.Direction.IN, qty, at)]
        remaining = qty
        for k in range(rng.randint(1, 5)):
            out = min(remaining, rng.randint(1, qty // 2 + 1))
            if out <= 0:
                break
            remaining -= out
            rows.append((Movement.Direction.OUT, out, at + dt.timedelta(hours=k + 1)))
        for direction, quantity, moment in rows:
            batch.append(Movement(order=order, line=line, direction=direction, quantity=quantity, user=user, at=moment,
                                  plant_date=moment.astimezone(plant).date()))
            key = (order.pk, line.pk)
            b = balances.setdefault(key, [0, 0, moment])
            b[0 if direction == "IN" else 1] += quantity
            b[2] = max(b[2], moment)
        made += len(rows)
        if len(batch) >= 20000:
            Movement.objects.bulk_create(batch)
            batch = []
    Movement.objects.bulk_create(batch)
    Balance.objects.bulk_create([Balance(order_id=o, line_id=ln, quantity_in=i, quantity_out=x, balance=i - x,
                                         last_movement_at=last) for (o, ln), (i, x, last) in balances.items()],
                                batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  loaded {Movement.objects.count():,} movements, {len(orders):,} orders, {len(balances):,} balances "
          f"in {time.perf_counter() - started:.0f} s")


def report_phase(database_url: str, count: int) -> None:
    _django(database_url)
    sys.path.insert(0, str(ROOT / "bench"))
    from _setup import client_for, time_get

    load(count)
    client = client_for("Production_Admin")
    month = "date_after=2025-06-01&date_before=2025-06-30"
    # per work center and order the report is the period's balances (issue 32): opening = every movement before June
    for label, url in (("report, June, first page", f"/production/report/?{month}"),
                       ("report, June, Excel (totals row, chart sheet)", f"/production/report/?{month}&export=xlsx"),
                       ("report, June, CSV", f"/production/report/?{month}&export=csv"),
                       ("report, June, sorted by balance", f"/production/report/?{month}&sort=-net"),
                       ("report, June, one work center", f"/production/report/?{month}&line="),
                       ("report, June, rows by user", f"/production/report/?{month}&group=user"),
                       ("report, June, rows by department", f"/production/report/?{month}&group=department"),
                       ("movements list, June, first page", f"/production/movements/?{month}"),
                       ("API balances, June", f"/api/production/balances/?{month}"),
                       ("report, all dates", "/production/report/")):
        if url.endswith("line="):
            from portal.models import ProductionLine

            url += str(ProductionLine.objects.get(code="WC003").pk)
        median, best, status = time_get(client, url)
        print(f"  {label}: median {median:.0f} ms, best {best:.0f} ms (HTTP {status})")


def operators_setup(database_url: str, operators: int) -> None:
    _django(database_url)
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from portal.models import User

    lines, department = _plant()
    group = Group.objects.get(name="Production_Operator")
    tokens = []
    for i in range(operators):
        user, _ = User.objects.get_or_create(username=f"phone{i:02d}")
        user.groups.set([group])
        user.departments.set([department])
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    print(json.dumps({"tokens": tokens, "lines": [line.pk for line in lines]}))


def operators_check(database_url: str, keys_file: str) -> None:
    _django(database_url)
    from django.db.models import Count, Q, Sum

    from production.models import Balance, Movement

    keys = json.loads(Path(keys_file).read_text())
    found = Movement.objects.filter(idempotency_key__in=keys)
    dupes = found.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1).count()
    orders = set(found.values_list("order_id", flat=True))
    wrong = 0
    for balance in Balance.objects.filter(order_id__in=orders):
        sums = Movement.objects.filter(order_id=balance.order_id, line_id=balance.line_id).aggregate(
            i=Sum("quantity", filter=Q(direction="IN")), o=Sum("quantity", filter=Q(direction="OUT")))
        wrong += (sums["i"] or 0) - (sums["o"] or 0) != balance.balance or balance.balance < 0
    print(json.dumps({"found": found.count(), "expected": len(keys), "duplicated": dupes,
                      "balances_not_equal_to_their_movements": wrong}))


def _movement(setup: dict, tag: str):
    """Operator i works on its own order at one work center: an IN of 30, then OUTs of 10 (never above it)."""
    def command(session, i: int, j: int, rng: random.Random):
        return "/api/production/movements/", {
            "line": setup["lines"][i % len(setup["lines"])], "order_number": f"{tag}-{i:02d}",
            "direction": "IN" if j % 4 == 0 else "OUT", "quantity": 30 if j % 4 == 0 else 10,
            "idempotency_key": str(uuid.uuid4())}
    return command


def operators_phase(database_url: str, operators: int, posts: int, workers: int) -> None:
    env = server_env(database_url, ERP_URL)
    setup = run_phase(__file__, "_setup", database_url, str(operators), env=env)
    with gunicorn(database_url, ERP_URL, workers) as base:
        tokens = setup["tokens"]
        drive(base, tokens, min(operators, 10), 2, 0, _movement(setup, f"W{uuid.uuid4().hex[:4]}"))  # warm-up
        # busy floor: each operator posts every 0-10 s (~10 requests/s offered, as the downtime bench); burst: back
        # to back (the server's capacity: latency is mostly queueing); one operator alone: the server's own time.
        for label, active, think, count in (("one operator", 1, 0, 40), ("busy floor", operators, 10.0, posts),
                                            ("burst", operators, 0, posts)):
            tag = f"{label[0].upper()}{uuid.uuid4().hex[:4]}"
            load = drive(base, tokens, active, count, think, _movement(setup, tag))
            keys_file = write_keys(load, "bench_production_keys")
            try:
                check = run_phase(__file__, "_check", database_url, str(keys_file), env=env)
            finally:
                keys_file.unlink()
            print(summary(label, active, "movements", load, check))
            for error in load.errors[:3]:
                print("    ", error)


def main() -> None:
    commands = {"_report": lambda: report_phase(sys.argv[2], int(sys.argv[3])),
                "_setup": lambda: operators_setup(sys.argv[2], int(sys.argv[3])),
                "_check": lambda: operators_check(sys.argv[2], sys.argv[3])}
    if sys.argv[1:2] and sys.argv[1] in commands:
        return commands[sys.argv[1]]()
    parser = argparse.ArgumentParser()
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--operators", type=int, default=50)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--database-url", default="", help="an existing PostgreSQL database instead of a new one")
    parser.add_argument("--skip-report", action="store_true", help="only the operators' load")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from portal.testing.services import start_postgres, stop_postgres

    print(f"cores: {os.cpu_count()}")
    server = None if args.database_url else start_postgres()
    try:
        url = args.database_url or server.url()
        if not args.skip_report:
            print(f"balance report over {args.movements:,} movements (PostgreSQL):")
            subprocess.run([PY, __file__, "_report", url, str(args.movements)], check=True)
        print(f"operators posting to gunicorn ({args.workers} sync workers, production settings) + PostgreSQL:")
        operators_phase(url, args.operators, args.posts, args.workers)
    finally:
        if server is not None:
            stop_postgres(server.directory)


if __name__ == "__main__":
    main()
