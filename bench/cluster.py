"""The portal on more than one machine, shown on loopback, under load (issue 18; docs/scaling.md).

    .venv/bin/python bench/cluster.py [--users 100] [--minutes 5] [--kill-at 0.5]

Starts one PostgreSQL and one Redis, two web nodes (gunicorn, production settings, sessions and cache in the
database, nothing kept on a node) and two Celery workers, plus two celery beats of which only the lock holder
sends. ``--users`` virtual users (each its own account) then work for ``--minutes``: floor posts (downtime
stops, production IN/OUT, laser runs started and ended, all with idempotency keys) and reads (pages and
APIs), spread over both nodes like a load balancer does; an MRP refresh is queued for the workers. At
``--kill-at`` of the run node A and worker 1 are killed (SIGKILL): users fail over to node B, re-sending what
got no answer with the same key.

At the end: p50/p95/p99 and the error rate per endpoint, and the checks that matter: every acknowledged post
stored exactly once, every balance equal to its movements, the MRP run finished by the surviving worker, and
the periodic tasks sent by one beat only. Prints a Markdown table (copied into docs/load-test.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))


def _env(database_url: str, redis_url: str, erp_url: str, ports: list[int]) -> dict:
    # Behind a TLS load balancer the browser's origin is https://<node>: trust both nodes' origins for CSRF.
    origins = ",".join(f"https://127.0.0.1:{port}" for port in ports)
    return {**os.environ, "DJANGO_CSRF_TRUSTED_ORIGINS": origins,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production", "DATABASE_URL": database_url,
            "ERP_DATABASE_URL": erp_url, "REDIS_URL": redis_url, "DJANGO_SECRET_KEY": "cluster-" + uuid.uuid4().hex,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false",
            "DATABASE_CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING", "BEAT_LOCK_SECONDS": "10",
            "AXES_FAILURE_LIMIT": "1000"}


SETUP = """
import json, datetime as dt
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from portal.models import Department, ProductionLine, User
from downtime.models import Category
from laser.models import Project
from laser.models.projects import Stage
from laser.views.phone import laser_machines
users = []
department = Department.objects.order_by("pk").first()
lines = list(department.lines.order_by("code"))
leaves = list(Category.objects.active_in_tree().leaves().filter(depth__gt=1).values_list("pk", flat=True))
for i in range({users}):
    user, _ = User.objects.get_or_create(username=f"load{{i:03d}}")
    user.set_password("load-test-password-{{0}}".format(i))
    user.save()
    user.groups.set([Group.objects.get(name=name) for name in
                     ("DowntimeTracker_User", "Production_Operator", "Scheduling_User", "Laser_Operator")])
    user.departments.set([department, *Department.objects.filter(lines__code="LASER")])  # the laser shop too
    users.append({{"username": user.username, "token": Token.objects.get_or_create(user=user)[0].key,
                  "password": "load-test-password-{{0}}".format(i)}})
print(json.dumps({{"users": users, "lines": [l.pk for l in lines], "categories": leaves,
                  "laser_projects": list(Project.objects.filter(stage=Stage.CUTTING).values_list("pk", flat=True)),
                  "laser_machines": list(laser_machines().values_list("pk", flat=True))}}))
"""

CHECK = """
import json
from django.db.models import Count, Q, Sum
from django_celery_beat.models import PeriodicTask
from downtime.models import DowntimeEvent
from mrp.models import MrpRun
from production.models import Balance, Movement
from laser.models import InventoryItem, LaserRun, StockMovement
keys = json.load(open("{keys}"))
dt_found = DowntimeEvent.objects.filter(idempotency_key__in=keys["downtime"])
pr_found = Movement.objects.filter(idempotency_key__in=keys["production"])
wrong = 0
for b in Balance.objects.all():
    s = Movement.objects.filter(order_id=b.order_id, line_id=b.line_id).aggregate(
        i=Sum("quantity", filter=Q(direction="IN")), o=Sum("quantity", filter=Q(direction="OUT")))
    wrong += ((s["i"] or 0) - (s["o"] or 0) != b.balance) or b.balance < 0
print(json.dumps({{
  "downtime": [dt_found.count(), len(keys["downtime"]),
               dt_found.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1).count()],
  "production": [pr_found.count(), len(keys["production"]),
                 pr_found.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1).count()],
  "wrong_balances": wrong,
  "laser": [LaserRun.objects.filter(end_key__in=keys["laser"], status="completed").count(), len(keys["laser"]),
            sum(1 for r in LaserRun.objects.filter(end_key__in=keys["laser"]).select_related("movement")
                if (r.sheets_used or 0) and getattr(r, "movement", None) is None
                or getattr(r, "movement", None) is not None and r.movement.quantity != -r.sheets_used),
            sum(1 for i in InventoryItem.objects.all()
                if i.quantity != (i.movements.order_by("-pk").values_list("balance_after", flat=True).first()
                                  if i.movements.exists() else i.quantity))],
  "mrp": list(MrpRun.objects.order_by("pk").values_list("status", flat=True)),
  "outbox_task_runs": PeriodicTask.objects.filter(task="portal.tasks.flush_outbox").values_list(
      "total_run_count", flat=True).first(),
}}))
"""


def manage(env, *args, capture=True):
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=capture, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start(cmd, env, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: dict[str, list[str]] = defaultdict(list)
        self.acked = {"downtime": [], "production": [], "laser": []}

    def add(self, name: str, ms: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies[name].append(ms)
            if not ok:
                self.errors[name] += 1
                if len(self.samples[name]) < 3:
                    self.samples[name].append(detail[:160])


def user_loop(user: dict, setup: dict, nodes: list[str], alive: list[bool], stop_at: float, rec: Recorder, n: int):
    import datetime as dt

    import requests

    rng = random.Random(n)
    api = requests.Session()
    api.headers["Authorization"] = f"Token {user['token']}"
    pages = requests.Session()
    signed_in = False
    cookies = {"page": ""}
    line = setup["lines"][n % len(setup["lines"])]
    order = f"LT-{n:03d}"
    slot = 0
    origin = dt.datetime(2026, 6, 1, tzinfo=dt.UTC) + dt.timedelta(days=n)
    running = None  # start key of this user's laser run in progress

    def send(method, path, session, name, expect=(200, 201), **kw):
        # Like a load balancer: the next live node; on a connection error the other one (same request, same key).
        order_of_nodes = [i for i in (rng.randrange(2), 1) if alive[i]] or [1]
        for node in dict.fromkeys(order_of_nodes + [1]):
            began = time.perf_counter()
            try:
                response = session.request(method, nodes[node] + path, timeout=30, **kw)
            except requests.RequestException as exc:
                rec.add(name, (time.perf_counter() - began) * 1000, False, f"node {node}: {exc}")
                continue
            ok = response.status_code in expect
            rec.add(name, (time.perf_counter() - began) * 1000, ok, f"{response.status_code} {response.text[:120]}")
            return response if ok else None
        return None

    time.sleep(rng.uniform(0, 3))
    while time.time() < stop_at:
        roll = rng.random()
        if roll < 0.25:
            slot += 1
            start = origin + dt.timedelta(minutes=15 * slot)
            key = str(uuid.uuid4())
            body = {"line": line, "start": start.isoformat(), "end": (start + dt.timedelta(minutes=5)).isoformat(),
                    "crew_size": 2, "category": rng.choice(setup["categories"]), "idempotency_key": key}
            if send("POST", "/api/downtime/events/", api, "POST downtime event", json=body) is not None:
                rec.acked["downtime"].append(key)
        elif roll < 0.50:
            key = str(uuid.uuid4())
            direction = "IN" if slot % 3 == 0 else "OUT"
            slot += 1
            body = {"line": line, "order_number": order, "direction": direction,
                    "quantity": 30 if direction == "IN" else 10, "idempotency_key": key}
            response = send("POST", "/api/production/movements/", api, "POST production movement",
                            expect=(200, 201, 400), json=body)
            if response is not None and response.status_code in (200, 201):
                rec.acked["production"].append(key)
        elif roll < 0.60 and setup["laser_projects"] and setup["laser_machines"]:
            # Laser phone mode: start a run, next time end it (sheets deducted from the matching stock row).
            if running is None:
                key = str(uuid.uuid4())
                body = {"start_key": key, "project": rng.choice(setup["laser_projects"]),
                        "machine": rng.choice(setup["laser_machines"])}
                if send("POST", "/api/laser/runs/", api, "POST laser run start", json=body) is not None:
                    running = key
            else:
                key = str(uuid.uuid4())
                body = {"start_key": running, "end_key": key, "sheets_used": rng.randint(1, 3), "parts_cut": 12}
                if send("POST", "/api/laser/runs/end/", api, "POST laser run end", json=body) is not None:
                    rec.acked["laser"].append(key)
                    running = None
        elif roll < 0.75:
            # Production cookies are Secure: behind the load balancer the nodes see X-Forwarded-Proto: https, and
            # the cookies are passed by hand (requests keeps Secure cookies for https URLs only).
            if not signed_in:
                login = send("GET", "/accounts/login/", pages, "GET sign-in page", headers=HTTPS)
                token = login.cookies.get("csrftoken") if login is not None else None
                if token is None:
                    continue
                host = nodes[1].split("//")[1]
                signed = send("POST", "/accounts/login/", pages, "POST sign-in",
                              data={"username": user["username"], "password": user["password"],
                                    "csrfmiddlewaretoken": token},
                              headers={**HTTPS, "Cookie": f"csrftoken={token}",
                                       "Referer": f"https://{host}/accounts/login/"},
                              allow_redirects=False, expect=(302,))
                if signed is not None:
                    signed_in = True
                    cookies["page"] = f"sessionid={signed.cookies.get('sessionid')}"
                continue
            path, name = rng.choice([("/", "GET home page"), ("/downtime/", "GET downtime entry page"),
                                     ("/production/", "GET production phone page"),
                                     ("/production/report/", "GET balance report"),
                                     ("/erp/jobs/", "GET open jobs (ERP)")])
            send("GET", path, pages, name, headers={**HTTPS, "Cookie": cookies["page"]})
        else:
            path, name = rng.choice([("/api/downtime/events/", "GET downtime events API"),
                                     ("/api/production/balances/", "GET balances API"),
                                     ("/healthz", "GET healthz")])
            send("GET", path, api, name, expect=(200,))
        time.sleep(rng.uniform(0.5, 2.5))


HTTPS = {"X-Forwarded-Proto": "https"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--kill-at", type=float, default=0.5)
    parser.add_argument("--web-workers", type=int, default=3)
    args = parser.parse_args()
    from portal.testing.services import free_port, start_postgres, start_redis, stop_postgres

    work = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
    pg = start_postgres()
    redis_server = start_redis(work)
    processes: list[subprocess.Popen] = []
    try:
        ports = [free_port(), free_port()]
        env = _env(pg.url(), redis_server.url, f"sqlite:///{work / 'erp.sqlite3'}", ports)
        demo_env = {**env, "ERP_DEMO_WRITABLE": "true", "DJANGO_SETTINGS_MODULE": "portal.settings.base"}
        manage(demo_env, "migrate", "--noinput")
        manage(demo_env, "portal_demo")
        manage(env, "sync_periodic_tasks")
        setup = json.loads(manage(env, "shell", "--no-imports", "-c", SETUP.format(users=args.users)
                                  ).strip().splitlines()[-1])
        nodes, web = [], []
        for name, port in zip(("a", "b"), ports, strict=True):
            web.append(start([str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi:application", "-w",
                              str(args.web_workers), "-b", f"127.0.0.1:{port}", "--timeout", "60"], env,
                             work / f"web-{name}.log"))
            nodes.append(f"http://127.0.0.1:{port}")
        workers = [start([PY, "-m", "celery", "-A", "portal", "worker", "--pool=prefork", "-c", "1", "-n",
                          f"w{n}@%h", "--loglevel=WARNING"], env, work / f"worker-{n}.log") for n in (1, 2)]
        beats = [start([PY, "-m", "celery", "-A", "portal", "beat", "--loglevel=WARNING",
                        "-s", str(work / f"beat-{n}.schedule")], env, work / f"beat-{n}.log") for n in (1, 2)]
        processes += web + workers + beats
        import requests

        for node in nodes:
            for _ in range(150):
                try:
                    if requests.get(node + "/healthz", timeout=5).status_code in (200, 503):
                        break
                except requests.RequestException:
                    time.sleep(0.2)
        admin = setup["users"][0]
        refresh = requests.post(nodes[1] + "/api/mrp/runs/", headers={"Authorization": f"Token {admin['token']}"},
                                timeout=30)
        print(f"MRP refresh requested: HTTP {refresh.status_code}")
        rec, alive = Recorder(), [True, True]
        duration = args.minutes * 60
        began = time.time()
        stop_at = began + duration
        threads = [threading.Thread(target=user_loop, args=(u, setup, nodes, alive, stop_at, rec, n), daemon=True)
                   for n, u in enumerate(setup["users"])]
        for thread in threads:
            thread.start()
        time.sleep(duration * args.kill_at)
        alive[0] = False
        kill(web[0])
        kill(workers[0])
        print(f"killed node A and worker 1 at {time.time() - began:.0f} s")
        for thread in threads:
            thread.join(timeout=duration + 120)
        elapsed = time.time() - began
        time.sleep(15)  # let the surviving worker finish what it was given
        keys_file = work / "keys.json"
        keys_file.write_text(json.dumps(rec.acked))
        check = json.loads(manage(env, "shell", "--no-imports", "-c", CHECK.format(keys=keys_file)
                                  ).strip().splitlines()[-1])
        total = sum(len(v) for v in rec.latencies.values())
        print(f"\n{args.users} users, {elapsed / 60:.1f} min, {total} requests ({total / elapsed:.0f}/s), "
              f"2 web nodes x {args.web_workers} workers, 2 Celery workers, 2 beats; {os.cpu_count()} cores\n")
        print("| Endpoint | Requests | p50 ms | p95 ms | p99 ms | Errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for name in sorted(rec.latencies):
            values = rec.latencies[name]
            errors = rec.errors[name]
            print(f"| {name} | {len(values)} | {percentile(values, .5):.0f} | {percentile(values, .95):.0f} | "
                  f"{percentile(values, .99):.0f} | {errors} ({100 * errors / len(values):.1f} %) |")
        print(f"\ndowntime posts acknowledged {check['downtime'][1]}, stored {check['downtime'][0]}, duplicated "
              f"{check['downtime'][2]}; production movements acknowledged {check['production'][1]}, stored "
              f"{check['production'][0]}, duplicated {check['production'][2]}; balances not equal to their movements "
              f"{check['wrong_balances']}; laser runs ended {check['laser'][1]}, stored ended {check['laser'][0]}, "
              f"deductions missing or wrong {check['laser'][2]}, stock rows not equal to their ledger "
              f"{check['laser'][3]}; MRP runs {check['mrp']}; outbox flushes sent by beat "
              f"{check['outbox_task_runs']} (one beat: about one per minute)")
        for name, samples in rec.samples.items():
            for sample in samples:
                print(f"  {name}: {' '.join(sample.split())}")
    finally:
        for process in processes:
            kill(process)
        redis_server.stop()
        stop_postgres(pg.directory)


if __name__ == "__main__":
    main()
