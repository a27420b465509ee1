"""Laser job shop: time to generate the daily report for a day with 500 runs (target < 1 s).

    .venv/bin/python bench/bench_laser.py                 # 500 runs, 8 operators, 4 machines, 6 materials, 5 runs
    .venv/bin/python bench/bench_laser.py --runs 5000

Measured: ``generate_daily_report(day, new_version=True)`` as "Generate now" calls it — every figure of the report
(aggregates by operator, extra operator, machine and material, stock warnings, material blocks, stuck projects),
the .txt text and the stored row (a new version each time) — plus the PDF of that report (portal/pdf.py) as a
second figure. Runs are inserted in bulk with their inventory movements as ending them would leave them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.0


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{Path(tempfile.gettempdir()) / f'portal_bench_laser_{os.getpid()}.sqlite3'}",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(runs: int) -> dt.date:
    from django.db import transaction

    from laser.materials import THICKNESSES_MM, MaterialType
    from laser.models import ExtraOperator, InventoryItem, LaserRun, Project, Stage
    from laser.services import shop_day_bounds
    from laser.testing import make_shop
    from portal.models import Machine, User

    shop = make_shop()
    day = dt.date(2026, 11, 27)
    start, _end = shop_day_bounds(day)
    with transaction.atomic():
        machines = shop["machines"] + [Machine.objects.create(line=shop["line"], code=f"LZ-{n}", name=f"Laser {n}",
                                                               machine_type="fibre laser") for n in (3, 4)]
        operators = [User.objects.create_user(f"bench_op{n}", first_name=f"Op{n}", last_name="Bench")
                     for n in range(8)]
        extras = [ExtraOperator.objects.create(name=f"Helper {n}") for n in range(4)]
        materials = list(MaterialType.values)
        projects = []
        for n in range(60):
            material, thickness = materials[n % 6], THICKNESSES_MM[n % 10]
            projects.append(Project.objects.create(
                code=f"B-{n:04d}", client=shop["client"], material_type=material, thickness_mm=thickness,
                sheet_size="3000x1500", sheets_required=10, stage=Stage.CUTTING if n % 3 else Stage.MATERIAL,
                state_entered_at=start - dt.timedelta(days=n % 5)))
            InventoryItem.objects.get_or_create(material_type=material, thickness_mm=thickness,
                                                sheet_size="3000x1500", defaults={"quantity": n - 10, "minimum": 5})
        rows = []
        for n in range(runs):
            project = projects[n % len(projects)]
            began = start + dt.timedelta(seconds=(n * 84000) // runs)
            rows.append(LaserRun(project=project, machine=machines[n % 4], operator=operators[n % 8],
                                 material_type=project.material_type, thickness_mm=project.thickness_mm,
                                 status=LaserRun.Status.COMPLETED, started_at=began,
                                 ended_at=began + dt.timedelta(minutes=20), sheets_used=1 + n % 4,
                                 sheet_size="3000x1500", parts_cut=10 + n % 50, start_key=f"bench-{n}",
                                 end_key=f"bench-{n}-end"))
        created = LaserRun.objects.bulk_create(rows, batch_size=500)
        through = LaserRun.extra_operators.through
        through.objects.bulk_create([through(laserrun_id=r.pk, extraoperator_id=extras[i % 4].pk)
                                     for i, r in enumerate(created) if i % 3 == 0], batch_size=500)
        # Runs of the neighbouring days, which the report must leave out.
        LaserRun.objects.bulk_create([LaserRun(
            project=projects[0], machine=machines[0], operator=operators[0], material_type="mild_steel",
            thickness_mm=Decimal("3.0"), status="completed", started_at=start + dt.timedelta(days=d),
            ended_at=start + dt.timedelta(days=d, minutes=30), sheets_used=1, sheet_size="3000x1500", parts_cut=1,
            start_key=f"other-{d}-{k}", end_key=f"other-{d}-{k}-end") for d in (-1, 1) for k in range(runs)],
            batch_size=500)
    return day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from laser.models import DailyReport
    from laser.services.reports import generate_daily_report
    from portal.pdf import render_pdf

    day = load(args.runs)
    times, pdf_times = [], []
    for _ in range(args.repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report, _created = generate_daily_report(day, new_version=True)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        pdf = render_pdf("laser/daily_report_pdf.html", {"report": report, "data": report.data},
                         title="Laser daily report", document_number=f"LDR-{day}")
        pdf_times.append(time.perf_counter() - started)
    assert report.data["totals"]["runs"] == args.runs, report.data["totals"]
    assert DailyReport.objects.filter(day=day).count() == args.repeat  # each "Generate now" a new version
    median = statistics.median(times)
    print(f"laser daily report, {args.runs} runs that day (+{2 * args.runs} on the days around), "
          f"SQLite, {args.repeat} runs:")
    print(f"  generate (figures + text + stored row): median {median * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms, {len(queries)} queries  -> target < {TARGET_S:.0f} s, "
          f"ratio {median / TARGET_S:.2f}: "
          f"{'MET' if median < TARGET_S else 'MISSED'}")
    print(f"  PDF of the report: median {statistics.median(pdf_times) * 1000:.0f} ms, {len(pdf)} bytes")


if __name__ == "__main__":
    main()
