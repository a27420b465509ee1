"""Shared set-up of the benchmarks: a demo ERP of a given scale in var/, a throwaway portal DB, a logged-in client.

Benchmarks run on demand (never in CI): ``.venv/bin/python bench/<name>.py``. They use the production-like base
settings with SQLite files, DEBUG off, and print their figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(erp_scale: float) -> Path:
    """Point Django at var/erp_bench_<scale>.sqlite3 and a temporary portal DB, then set it up."""
    sys.path.insert(0, str(ROOT))
    erp_file = ROOT / "var" / f"erp_bench_{erp_scale:g}.sqlite3"
    portal_file = Path(tempfile.gettempdir()) / f"portal_bench_{os.getpid()}.sqlite3"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DJANGO_DEBUG": "false",
        "ERP_DATABASE_URL": f"sqlite:///{erp_file}",
        "DATABASE_URL": f"sqlite:///{portal_file}",
        "LOG_LEVEL": "WARNING",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not erp_file.exists() or erp_file.stat().st_size < 1_000_000:
        started = time.perf_counter()
        call_command("erp_demo", scale=erp_scale, quiet=True)
        print(f"built demo ERP at scale {erp_scale:g} in {time.perf_counter() - started:.1f} s -> {erp_file}")
    return portal_file


def client_for(role: str = "Production_Portal_Admin"):
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.models import User

    user, _ = User.objects.get_or_create(username=f"bench_{role.lower()}")
    user.groups.set([Group.objects.get(name=role)])
    client = Client()
    client.force_login(user)
    return client


def time_get(client, url: str, runs: int = 5) -> tuple[float, float, int]:
    """(median ms, best ms, status) of ``runs`` GETs after one warm-up."""
    response = client.get(url)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples), response.status_code
