"""Production movements benchmarks (run on demand: ``.venv/bin/python bench/bench_production.py``).

1. Report: 1,000,000 movements over a year on 20 work centers (~5,000 orders) in PostgreSQL -> the balance
   report for one month (first page, filters by date), median and best of 5 renders (in-process client, DEBUG off),
   and the same month's API rows.
2. Operators: 50 concurrent operators post IN/OUT movements through the REST API (token auth) to gunicorn +
   PostgreSQL with the production settings. Each posts an IN then OUTs of the same order and re-sends some
   requests with the same idempotency key (a response lost on the Wi-Fi); afterwards each key must be stored
   exactly once and every balance must equal its movements. Two loads: "busy floor" (a post every 0-10 s per
   operator) and "burst" (back to back).

Options: --movements N (1000000), --operators N (50), --posts N per operator (20), --workers N (gunicorn, 5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
ERP_URL = f"sqlite:///{ROOT / 'var' / 'erp_bench_production.sqlite3'}"  # movements read no ERP


def _django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false",
                       "LOG_LEVEL": "WARNING", "DATABASE_URL": database_url, "ERP_DATABASE_URL": ERP_URL})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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
            batch.append(Movement(order=order, line=line, direction=direction, quantity=quantity, user=user, at=moment))
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
    month = "at_after=2025-06-01&at_before=2025-06-30"
    for label, url in (("report, June, first page", f"/production/report/?{month}"),
                       ("report, June, sorted by balance", f"/production/report/?{month}&sort=-net"),
                       ("report, June, one work center", f"/production/report/?{month}&line="),
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
    print(json.dumps({"found": found.count(), "expected": len(keys), "duplicated": dupes, "wrong_balances": wrong}))


def _drive(base: str, setup: dict, operators: int, posts: int, think: float, tag: str):
    import requests

    def operator(i: int):
        session = requests.Session()
        session.headers["Authorization"] = f"Token {setup['tokens'][i]}"
        rng = random.Random(i)
        latencies, keys, errors = [], [], []
        line = setup["lines"][i % len(setup["lines"])]
        order = f"{tag}-{i:02d}"
        if think:
            time.sleep(rng.uniform(0, think))
        for j in range(posts):
            body = {"line": line, "order_number": order, "direction": "IN" if j % 4 == 0 else "OUT",
                    "quantity": 30 if j % 4 == 0 else 10, "idempotency_key": str(uuid.uuid4())}
            for _ in range(2 if j % 5 == 4 else 1):  # every 5th is re-sent with the same key
                began = time.perf_counter()
                response = session.post(f"{base}/api/production/movements/", json=body, timeout=30)
                latencies.append((time.perf_counter() - began) * 1000)
                if response.status_code not in (200, 201):
                    errors.append(f"{response.status_code} {response.text[:160]}")
            keys.append(body["idempotency_key"])
            if think:
                time.sleep(rng.uniform(0, think))
        return latencies, keys, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=operators) as pool:
        results = list(pool.map(operator, range(operators)))
    elapsed = time.perf_counter() - started
    return (sorted(x for r in results for x in r[0]), [k for r in results for k in r[1]],
            [e for r in results for e in r[2]], elapsed)


def operators_phase(database_url: str, operators: int, posts: int, workers: int) -> None:
    from portal.testing.services import free_port

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "DATABASE_URL": database_url,
           "ERP_DATABASE_URL": ERP_URL, "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "DATABASE_CONN_MAX_AGE": "60",
           "LOG_LEVEL": "WARNING"}
    setup = json.loads(subprocess.run([PY, __file__, "_setup", database_url, str(operators)], env=env,
                                      capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi:application", "-w",
                               str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        import requests

        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        _drive(base, setup, min(operators, 10), 2, 0, f"W{uuid.uuid4().hex[:4]}")  # warm-up
        # busy floor: each operator posts every 0-10 s (~10 requests/s offered, as the downtime bench); burst: back
        # to back (the server's capacity: latency is mostly queueing).
        for label, think, count in (("busy floor", 10.0, posts), ("burst", 0, posts)):
            latencies, keys, errors, elapsed = _drive(base, setup, operators, count, think,
                                                      f"{label[0].upper()}{uuid.uuid4().hex[:4]}")
            keys_file = ROOT / "var" / "bench_production_keys.json"
            keys_file.write_text(json.dumps(keys))
            check = json.loads(subprocess.run([PY, __file__, "_check", database_url, str(keys_file)], env=env,
                                              capture_output=True, text=True, check=True
                                              ).stdout.strip().splitlines()[-1])
            keys_file.unlink()
            p95 = latencies[int(len(latencies) * 0.95) - 1]
            print(f"  {label}: {operators} operators x {count} movements (+{len(latencies) - len(keys)} re-sends), "
                  f"{len(latencies)} requests in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} req/s; "
                  f"p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms; "
                  f"errors {len(errors)}; saved {check['found']}/{check['expected']}, duplicated "
                  f"{check['duplicated']}, balances not equal to their movements {check['wrong_balances']}")
            for error in errors[:3]:
                print("    ", error)
    finally:
        server.terminate()
        server.wait(timeout=30)


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
