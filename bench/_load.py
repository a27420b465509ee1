"""Shared pieces of the load benchmarks (floor devices posting to gunicorn + PostgreSQL): used by
``bench_downtime.py`` (tablets) and ``bench_production.py`` (phones).

- ``django_on(url, erp_url)``: set Django up on a database (base settings, DEBUG off) and migrate it; phases that
  need the ORM run in their own process (``run_phase``) so the load generator stays a plain HTTP client.
- ``gunicorn(url, erp_url, workers)``: the portal under gunicorn with the production settings, yielding its base URL.
- ``drive(clients, posts, think, send)``: N concurrent devices, each posting ``posts`` commands with a random think
  time, every 5th re-sent with the same idempotency key (a response lost on the Wi-Fi); latencies of every request.
- ``summary(...)``: the one line every bench prints (throughput, p50/p95/max, errors, stored once).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")


def django_on(database_url: str, erp_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false",
                       "LOG_LEVEL": "WARNING", "DATABASE_URL": database_url, "ERP_DATABASE_URL": erp_url})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def server_env(database_url: str, erp_url: str) -> dict:
    """Environment of the production settings on loopback (no TLS redirect, persistent DB connections)."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "DATABASE_URL": database_url,
            "ERP_DATABASE_URL": erp_url, "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "DATABASE_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING"}


def run_phase(script: str, *args: str, env: dict | None = None) -> dict:
    """Run ``script`` with ``args`` in its own process; its last output line is JSON, returned parsed."""
    done = subprocess.run([PY, script, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{script} {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def gunicorn(database_url: str, erp_url: str, workers: int) -> Iterator[str]:
    import requests

    from portal.testing.services import free_port

    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi:application", "-w",
                               str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT,
                              env=server_env(database_url, erp_url))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{base}/accounts/login/", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)  # ms, sorted
    keys: list[str] = field(default_factory=list)  # one per command (re-sends share it)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def p95(self) -> float:
        return self.latencies[max(0, int(len(self.latencies) * 0.95) - 1)]


# send(session, client_index, command_index, rng) -> (url, JSON body carrying "idempotency_key")
Command = Callable[[object, int, int, random.Random], tuple[str, dict]]


def drive(base: str, tokens: list[str], clients: int, posts: int, think: float, command: Command,
          ok: tuple[int, ...] = (200, 201)) -> Load:
    """``clients`` devices post ``posts`` commands each (token auth), sleeping 0..``think`` s between them (and
    before the first: real devices are not synchronised); every 5th command is sent twice with the same key."""
    import requests

    def device(i: int) -> Load:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {tokens[i]}"
        rng = random.Random(i)
        mine = Load()
        if think:
            time.sleep(rng.uniform(0, think))
        for j in range(posts):
            path, body = command(session, i, j, rng)
            for _ in range(2 if j % 5 == 4 else 1):
                began = time.perf_counter()
                response = session.post(f"{base}{path}", json=body, timeout=30)
                mine.latencies.append((time.perf_counter() - began) * 1000)
                if response.status_code not in ok:
                    mine.errors.append(f"{response.status_code} {response.text[:200]}")
            mine.keys.append(body["idempotency_key"])
            if think:
                time.sleep(rng.uniform(0, think))
        return mine

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(device, range(clients)))
    return Load(sorted(x for r in results for x in r.latencies), [k for r in results for k in r.keys],
                [e for r in results for e in r.errors], time.perf_counter() - started)


def write_keys(load: Load, name: str) -> Path:
    path = ROOT / "var" / f"{name}_{uuid.uuid4().hex[:6]}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(load.keys))
    return path


def summary(label: str, devices: int, noun: str, load: Load, check: dict) -> str:
    """One line: how many, throughput, latency percentiles, errors, and stored-once figures from ``check``
    (``found``/``expected``/``duplicated``, and any further counts it has)."""
    extra = "".join(f", {name.replace('_', ' ')} {value}" for name, value in check.items()
                    if name not in {"found", "expected", "duplicated"})
    count = len(load.keys) // max(devices, 1)
    return (f"  {label}: {devices} x {count} {noun} (+{len(load.latencies) - len(load.keys)} re-sends), "
            f"{len(load.latencies)} requests in {load.elapsed:.1f} s = {len(load.latencies) / load.elapsed:.0f} req/s; "
            f"p50 {statistics.median(load.latencies):.0f} ms, p95 {load.p95:.0f} ms, max {load.latencies[-1]:.0f} ms; "
            f"errors {len(load.errors)}; saved {check['found']}/{check['expected']}, duplicated "
            f"{check['duplicated']}{extra}")
