"""Parallel floor posts on the embedded default (issue 27): SQLite, gunicorn with 2 workers, as `bin/demo` serves.

    .venv/bin/python bench/bench_floor_posts.py [--parallel 20]

Builds a fresh demo database in a temp folder (migrate + portal_demo), starts gunicorn (2 workers) on it and, for
each floor endpoint, releases ``--parallel`` posts at the same instant (a barrier): first each with its own key
(all must be recorded), then the same command ``--parallel`` times (one must be recorded). Prints per endpoint the
statuses, the number of 5xx and whether the stored rows are exact (balances, stock, one row per key).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")

SETUP = """
import json
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from portal.models import Department, Machine, ProductionLine, User
from downtime.models import Category
from laser.models import InventoryItem, Project
from laser.models.projects import Stage
from quality.forms import leaf_defect_codes
department = Department.objects.order_by("pk").first()
laser_lines = list(ProductionLine.objects.filter(code="LASER"))
users = []
for i in range({n}):
    user, _ = User.objects.get_or_create(username=f"bench{{i:02d}}")
    user.groups.set([Group.objects.get(name=name) for name in (
        "DowntimeTracker_User", "Production_Operator", "Quality_Inspector", "Laser_Operator")])
    user.departments.add(department, *[d for d in Department.objects.filter(lines__in=laser_lines)])
    users.append(Token.objects.get_or_create(user=user)[0].key)
line = department.lines.order_by("code").first()
project = Project.objects.filter(stage=Stage.CUTTING).order_by("pk").first()
laser_machine = Machine.objects.filter(line__code="LASER", active=True).order_by("pk").first()
item = InventoryItem.objects.filter(material_type=project.material_type, thickness_mm=project.thickness_mm,
                                    sheet_size=project.sheet_size).first()
print(json.dumps({{"tokens": users, "line": line.pk, "machine": line.machines.filter(active=True).first().pk,
    "category": Category.objects.active_in_tree().leaves().filter(depth__gt=1).order_by("pk").first().pk,
    "defect": leaf_defect_codes().order_by("pk").first().pk, "project": project.pk,
    "laser_machine": laser_machine.pk, "stock": item.quantity if item else None}}))
"""

CHECK = """
import json
from downtime.models import DowntimeEvent
from laser.models import InventoryItem, LaserRun, Project
from maintenance.models import Ticket
from production.models import Balance, Movement
from quality.models import InternalReject
project = Project.objects.get(pk={project})
item = InventoryItem.objects.filter(material_type=project.material_type, thickness_mm=project.thickness_mm,
                                    sheet_size=project.sheet_size).first()
balance = Balance.objects.filter(order__number="BENCH-1").first()
unkeyed = Balance.objects.filter(order__number="BENCH-2").first()
print(json.dumps({{
    "downtime events": DowntimeEvent.objects.filter(comments__startswith="bench").count(),
    "movements": Movement.objects.filter(order__number="BENCH-1").count(),
    "balance": balance.balance if balance else None,
    "balance without keys": unkeyed.balance if unkeyed else None,
    "rejects": InternalReject.objects.filter(cause__startswith="bench").count(),
    "tickets": Ticket.objects.filter(problem__startswith="bench").count(),
    "runs ended": LaserRun.objects.filter(end_key__startswith="bench-end").count(),
    "stock": item.quantity if item else None,
}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def at_once(url: str, tokens: list[str], bodies: list[dict], method: str = "POST") -> list[int]:
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def send(token: str, body: dict) -> None:
        session = requests.Session()
        barrier.wait()
        try:
            response = session.request(method, url, json=body, headers={"Authorization": f"Token {token}"},
                                       timeout=120)
            statuses.append(response.status_code)
        except requests.RequestException:
            statuses.append(0)

    threads = [threading.Thread(target=send, args=(tokens[i % len(tokens)], body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parallel", type=int, default=20)
    n = parser.parse_args().parallel
    folder = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.base",
           "DATABASE_URL": f"sqlite:///{folder}/portal.sqlite3", "ERP_DATABASE_URL": f"sqlite:///{folder}/erp.sqlite3",
           "MEDIA_ROOT": str(folder / "media"), "DJANGO_SECRET_KEY": uuid.uuid4().hex, "DJANGO_DEBUG": "false",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING", "AXES_FAILURE_LIMIT": "1000"}
    began = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "portal_demo")
    setup = json.loads(manage(env, "shell", "-c", SETUP.format(n=n)).strip().splitlines()[-1])
    print(f"demo database built in {time.perf_counter() - began:.0f} s ({folder})")
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
                              cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        results = run(base, setup, n)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    stored = json.loads(manage(env, "shell", "-c", CHECK.format(project=setup["project"])).strip().splitlines()[-1])
    print(f"\n| endpoint ({n} at once) | statuses | 5xx |\n|---|---|---|")
    for name, statuses in results.items():
        counts = ", ".join(f"{code} × {k}" for code, k in sorted(collections.Counter(statuses).items()))
        print(f"| {name} | {counts} | {sum(1 for s in statuses if s >= 500 or s == 0)} |")
    print("\nstored:", json.dumps(stored))
    expected = {"downtime events": n + 1, "movements": n, "balance": 5 * n, "balance without keys": 5 * n,
                "rejects": n, "tickets": n, "runs ended": n}
    if setup["stock"] is not None:
        expected["stock"] = setup["stock"] - n
    wrong = {k: (stored.get(k), v) for k, v in expected.items() if stored.get(k) != v}
    print("ledger exact" if not wrong else f"NOT EXACT (stored, expected): {wrong}")
    five = sum(1 for statuses in results.values() for s in statuses if s >= 500 or s == 0)
    sys.exit(1 if wrong or five else 0)


def run(base: str, s: dict, n: int) -> dict[str, list[int]]:
    import datetime as dt

    tokens = s["tokens"]
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    results: dict[str, list[int]] = {}

    def stop(i: int) -> dict:
        start = now - dt.timedelta(hours=6) + dt.timedelta(minutes=10 * i)
        return {"line": s["line"], "start": start.isoformat(), "end": (start + dt.timedelta(minutes=5)).isoformat(),
                "category": s["category"], "crew_size": 2, "comments": f"bench {i}", "confirm_overlap": True,
                "idempotency_key": str(uuid.uuid4())}

    results["downtime stop"] = at_once(f"{base}/api/downtime/events/", tokens, [stop(i) for i in range(n)])
    same = stop(n + 1)
    results["downtime stop, same key"] = at_once(f"{base}/api/downtime/events/", tokens[:1], [same] * n)

    def movement() -> dict:
        return {"line": s["line"], "order_number": "BENCH-1", "direction": "IN", "quantity": 5,
                "idempotency_key": str(uuid.uuid4())}

    movements = f"{base}/api/production/movements/"
    results["production movement"] = at_once(movements, tokens, [movement() for _ in range(n)])
    results["production movement, no key"] = at_once(
        movements, tokens,
        [{k: v for k, v in {**movement(), "order_number": "BENCH-2"}.items() if k != "idempotency_key"}
         for _ in range(n)])

    def reject(i: int) -> dict:
        return {"line": s["line"], "part": "BENCH-PART", "quantity": 1, "defect": s["defect"], "cause": f"bench {i}",
                "occurred_at": (now - dt.timedelta(minutes=i)).isoformat(), "idempotency_key": str(uuid.uuid4())}

    results["quality reject"] = at_once(f"{base}/api/quality/rejects/", tokens, [reject(i) for i in range(n)])

    def ticket(i: int) -> dict:
        return {"line": s["line"], "problem": f"bench {i}", "idempotency_key": str(uuid.uuid4())}

    results["maintenance report"] = at_once(f"{base}/api/maintenance/tickets/", tokens, [ticket(i) for i in range(n)])

    starts = [{"project": s["project"], "machine": s["laser_machine"], "start_key": f"bench-start-{i}"}
              for i in range(n)]
    results["laser run start"] = at_once(f"{base}/api/laser/runs/", tokens, starts)
    ends = [{"start_key": f"bench-start-{i}", "end_key": f"bench-end-{i}", "sheets_used": 1} for i in range(n)]
    # body i goes with token i: each run is ended by the operator who started it
    results["laser run end"] = at_once(f"{base}/api/laser/runs/end/", tokens, ends)
    results["profile (PATCH /api/me/)"] = at_once(f"{base}/api/me/", tokens, [{"theme": "dark"}] * n, "PATCH")
    return results


if __name__ == "__main__":
    main()
