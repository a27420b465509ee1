"""``manage.py mrp_run``: run the MRP engine now, store the run, print the result (``--json`` for machines)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from mrp.models import MrpRun
from mrp.services import components_of, execute_run, request_run


class Command(BaseCommand):
    help = "Runs the MRP engine against the ERP, stores the run and prints each open line's allocation and status."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the run as JSON (lines with components).")
        parser.add_argument("--limit", type=int, default=None, help="Print at most this many lines.")

    def handle(self, *args, **options):
        run, created = request_run(trigger=MrpRun.Trigger.COMMAND)
        if not created:
            raise CommandError(f"MRP run {run.pk} is already {run.get_status_display().lower()}; try again later.")
        run = execute_run(run)
        if run.status != MrpRun.Status.DONE:
            raise CommandError(f"MRP run {run.pk} failed: {run.error}")
        lines = run.lines.order_by("position")
        if options["limit"] is not None:
            lines = lines[: max(options["limit"], 0)]
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(run, lines), default=str))
            return
        self.stdout.write(f"MRP run {run.pk}: {run.sizes.get('lines', 0)} open lines, {run.timings.get('total')} ms")
        for status, count in run.counts.items():
            self.stdout.write(f"  {status:<26} {count:>7}")
        header = f"{'SO':<12} {'Ln':>3} {'Part':<14} {'Due':<10} {'Qty':>8} {'Appr':>7} {'QC':>7} {'Job':>7} " \
                 f"{'Make':>7} {'Can':>7}  Status / bottleneck"
        self.stdout.write(header)
        for line in lines.iterator(chunk_size=2000):
            self.stdout.write(
                f"{line.so_number:<12} {line.line_number:>3} {line.part_number:<14} {line.due_date:%Y-%m-%d} "
                f"{line.quantity:>8} {line.from_approved:>7} {line.from_pending_qc:>7} {line.from_jobs:>7} "
                f"{line.remainder:>7} {line.producible:>7}  {line.status} {line.bottleneck}".rstrip()
            )


def _as_json(run: MrpRun, lines) -> dict:
    fields = ("so_line_id", "so_number", "line_number", "customer_code", "part_number", "due_date", "quantity",
              "from_approved", "from_pending_qc", "from_jobs", "remainder", "producible", "status", "bottleneck")
    return {
        "run": run.pk, "finished_at": run.finished_at, "sizes": run.sizes, "timings_ms": run.timings,
        "counts": run.counts,
        "lines": [{**{f: getattr(line, f) for f in fields}, "components": components_of(line)}
                  for line in lines.iterator(chunk_size=2000)],
    }
