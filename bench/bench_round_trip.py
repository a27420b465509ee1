"""Round-trip export bench (issue 33 §11): the planning orders list exported through its import-export resource
(``?export=roundtrip``: portal/imports/roundtrip.py on the lists' streaming writer), at 100,000 orders.

Target: 100,000 rows < 10 s and < 150 MB peak memory (the process's peak RSS, measured in a fresh process that
only signs in and exports). ``.venv/bin/python bench/bench_round_trip.py [rows]``; production-like settings on
SQLite files, DEBUG off.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.gettempdir())


def configure(tag: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING",
        "ERP_DATABASE_URL": f"sqlite:///{TMP / f'erp_roundtrip_{tag}.sqlite3'}",
        "DATABASE_URL": f"sqlite:///{TMP / f'portal_roundtrip_{tag}.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
    })
    import django

    django.setup()


def load(rows: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from portal.models import Facility
    from portal.testing.factories import UserFactory
    from scheduling.planning.models import OrderItem, PlanningOrder, Routing

    facility = Facility.objects.create(code="BENCH", name="Bench", time_zone="America/Chicago")
    routing = Routing.objects.create(product_family="BENCH")
    UserFactory(username="bench_planner", roles=["Planner"])
    due = dt.date(2027, 1, 1)
    for start in range(0, rows, 10_000):
        orders = PlanningOrder.objects.bulk_create(
            PlanningOrder(number=f"RT{n:07d}", facility=facility, routing=routing, customer=f"C{n % 97}",
                          priority=1 + n % 5, due_date=due + dt.timedelta(days=n % 300))
            for n in range(start, min(rows, start + 10_000)))
        OrderItem.objects.bulk_create(OrderItem(order=o, product=f"P{i % 50}", description=f"Item {i}",
                                                quantity=1 + i % 40) for i, o in enumerate(orders))


def export(rows: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_planner"))
    client.get("/planning/orders/")  # every module the export needs is imported before the baseline
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get("/planning/orders/?export=roundtrip&per_page=25")
    size = sum(len(chunk) for chunk in response.streaming_content)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert response.status_code == 200, response.status_code
    print(f"round-trip export of {rows:,} orders: {wall:.2f} s wall, {cpu:.2f} s CPU (target < 10 s); "
          f"peak RSS {peak_mb:.0f} MB, of which the export {peak_mb - before_mb:.0f} MB over the signed-in process's "
          f"{before_mb:.0f} MB (target < 150 MB); file {size / 1e6:.1f} MB")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--export":
        rows = int(sys.argv[2])
        configure(sys.argv[3])
        export(rows)
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tag = str(os.getpid())
    configure(tag)
    started = time.perf_counter()
    load(rows)
    print(f"loaded {rows:,} orders with their items in {time.perf_counter() - started:.1f} s")
    try:
        subprocess.run([sys.executable, __file__, "--export", str(rows), tag], check=True)
    finally:
        for name in (f"erp_roundtrip_{tag}.sqlite3", f"portal_roundtrip_{tag}.sqlite3"):
            (TMP / name).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
