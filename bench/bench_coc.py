"""Certificate of Compliance: time to render a certificate with 300 lot rows to PDF (target < 3 s).

    .venv/bin/python bench/bench_coc.py                 # 300 lots (60 components × 5 lots), 5 runs
    .venv/bin/python bench/bench_coc.py --lots 1000 --out /tmp/coc.pdf

The certificate's data is built in memory (the ERP reads are measured by the page tests' query budgets); the
figure is the document: template, WeasyPrint layout of every page and the PDF written, as when one is issued.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 3.0


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{Path(tempfile.gettempdir()) / f'portal_bench_coc_{os.getpid()}.sqlite3'}",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def certificate(lots: int):
    from erp.models import Customer, Job, Part, SalesOrder
    from quality.coc.engine.reconciliation import LotFigures
    from quality.coc.services.certificate import CertificateData, sections

    fg = Part(part_number="FG-BENCH", description="Bench finished good", uom="EA", unit_cost=Decimal("3"))
    customer = Customer(customer_code="BENCH", name="Bench Customer Inc.")
    order = SalesOrder(so_number="SO-BENCH", customer_po="PO-BENCH-1")
    job = Job(job_number="J-BENCH", quantity_required=Decimal(50000), quantity_completed=Decimal(49000),
              status="CLOSED", facility="PLT1", line_code="L1", created_date=dt.date(2026, 10, 1),
              closed_date=dt.date(2026, 10, 20))
    # In-memory rows "read" from the ERP: linking them must not look like a write (the router refuses those).
    for row in (fg, customer, order, job):
        row._state.db = "erp"
    order.customer, job.part, job.sales_order = customer, fg, order
    per_component = 5
    rows = [LotFigures(f"C-{c:04d}", f"Component number {c} with a longer description", "KG", Decimal("1.2345"),
                       f"L2610-{c:04d}-{i}", starting=Decimal(1000 + i), packaged=Decimal(950), ending=Decimal(i),
                       scrap_recorded=Decimal(3))
            for c in range(max(1, lots // per_component)) for i in range(per_component)]
    return CertificateData(job, "Plant 1", sections(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    setup()
    from django.utils import timezone
    from pypdf import PdfReader

    from quality.coc.services.certificate import render_certificate

    data = certificate(args.lots)
    times, cpu, pdf = [], [], b""
    for _ in range(args.runs + 1):  # the first run loads fonts and templates: reported apart
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = render_certificate(data, number="COC-BENCH", revision=1, interim=False, language="en",
                                 signer_name="Bench User",
                                 signer_title="Quality Manager", issued_at=timezone.now(),
                                 verify_url="https://portal.example.com/reports/coc/certificates/COC-BENCH/")
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if args.out:
        Path(args.out).write_bytes(pdf)
    median = statistics.median(times[1:])
    print(f"certificate with {data.lot_count} lot rows ({len(data.components)} components): {pages} pages, "
          f"{len(pdf) / 1024:.0f} KiB")
    print(f"first render (cold) {times[0]:.2f} s; warm median {median:.2f} s, max {max(times[1:]):.2f} s "
          f"over {args.runs} runs; target < {TARGET_S:.0f} s: {'MET' if max(times) < TARGET_S else 'MISSED'}")
    # On a shared, loaded machine the wall time includes waiting for a core; the CPU time is the work itself.
    print(f"CPU time of the render: warm median {statistics.median(cpu[1:]):.2f} s (cold {cpu[0]:.2f} s)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
