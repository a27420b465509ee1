"""Benchmark of the customer sales analysis (/erp/sales/) on a large demo ERP.

Usage::

    .venv/bin/python manage.py erp_demo --scale 10          # once: builds var/erp_demo.sqlite3
    .venv/bin/python bench/bench_sales.py [--repeat 7]

    # or against another ERP file, leaving the usual demo alone:
    ERP_DATABASE_URL=sqlite:////work/main/var/erp_bench.sqlite3 .venv/bin/python bench/bench_sales.py

The ERP is read from ``ERP_DATABASE_URL`` (default ``var/erp_demo.sqlite3``), exactly as the portal reads it.
The portal's own database is a fresh **in-memory SQLite** created by this script (migrated, with one
Scheduling_Admin user), so the dev database ``var/portal.sqlite3`` is never touched. ``DEBUG`` is off, as in
production. Requests go through the whole Django stack (middleware, session, permission, template) with the test
``Client``; the times are server times, without network or browser rendering.

It picks the customer with the most open order lines and prints, for each request: the first (cold) time, then
the median and worst of ``--repeat`` warm runs, and the number of SQL queries. The process is warmed up with one
home-page request first (the one-off URLconf import of a new worker is not this page's cost; it is printed
separately). Target: the page under 300 ms on its first request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_DEBUG", "false")

TARGET_MS = 300.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="warm runs per request (default 7)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from erp.models import Customer, SalesOrderLine, Shipment
    from portal.testing.factories import UserFactory

    erp_name = connections["erp"].settings_dict["NAME"]
    try:
        customers = Customer.objects.count()
    except Exception as exc:  # noqa: BLE001 - a missing demo is a usage error, explained
        print(f"Cannot read the ERP at {erp_name}: {exc}\nBuild it first: manage.py erp_demo --scale 10")
        return 2
    biggest = (
        SalesOrderLine.objects.open().values("customer_id").annotate(lines=Count("id"))
        .order_by("-lines", "customer_id").first()
    )
    if not biggest:
        print(f"The ERP at {erp_name} has no open order lines: build it with manage.py erp_demo --scale 10")
        return 2
    code = biggest["customer_id"]
    shipments = Shipment.objects.filter(customer_id=code).count()
    print(f"ERP: {erp_name}")
    print(f"  {customers:,} customers, {SalesOrderLine.objects.count():,} order lines, "
          f"{Shipment.objects.count():,} shipments")
    print(f"Biggest customer by open lines: {code} ({biggest['lines']:,} open lines, {shipments:,} shipments)")

    call_command("migrate", verbosity=0)
    user = UserFactory(username="bench_scheduler", roles=["Scheduling_Admin"])
    client = Client()
    client.force_login(user)

    requests = [
        ("page /erp/sales/?customer=…", f"/erp/sales/?customer={code}", {}),
        ("open orders, sorted by value (htmx)", f"/erp/sales/?customer={code}&sort=-open_value",
         {"HTTP_HX_REQUEST": "true"}),
        ("open orders page 5 (htmx)", f"/erp/sales/?customer={code}&page=5", {"HTTP_HX_REQUEST": "true"}),
        ("Excel export of open orders", f"/erp/sales/?customer={code}&export=xlsx", {}),
        ("shipments list", f"/erp/sales/shipments/?customer={code}", {}),
        ("picker type-ahead ?q=group", "/erp/sales/customers/?q=group", {"HTTP_HX_REQUEST": "true"}),
        ("empty picker page (top customers)", "/erp/sales/", {}),
        ("API summary", f"/api/erp/sales/customers/{code}/summary/", {}),
        ("API open orders", f"/api/erp/sales/customers/{code}/open-orders/", {}),
        ("API shipments", f"/api/erp/sales/customers/{code}/shipments/", {}),
    ]
    # A fresh process imports the URLconf and every view module on its first request, whatever the page: pay
    # that once on the home page, so "first" below is this page's own cold cost (templates, ERP reads).
    start = time.perf_counter()
    client.get("/")
    print(f"Process warm-up (home page, URLconf import): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"\n{'request':40} {'first':>9} {'median':>9} {'worst':>9} {'queries':>8}")
    failed = False
    for label, url, headers in requests:
        times = []
        for _run in range(args.repeat + 1):
            with CaptureQueriesContext(connections["default"]) as portal_q, \
                    CaptureQueriesContext(connections["erp"]) as erp_q:
                start = time.perf_counter()
                response = client.get(url, **headers)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{label}: HTTP {response.status_code}")
                failed = True
                break
        else:
            warm = times[1:] or times
            queries = f"{len(portal_q)}+{len(erp_q)}"
            print(f"{label:40} {times[0]:8.1f}ms {statistics.median(warm):8.1f}ms {max(warm):8.1f}ms {queries:>8}")
            if label.startswith("page") and times[0] > TARGET_MS:
                failed = True
                print(f"  ^ over the {TARGET_MS:.0f} ms target")
    print("\nqueries = portal database + ERP database, per request")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
