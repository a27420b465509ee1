"""MRP runs: request one, execute it (ERP read, engine, store) with progress, read the latest stored result."""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from mrp.engine import allocation as engine
from mrp.models import MrpLine, MrpRun, MrpShortage
from mrp.services import erp_inputs as adapter
from portal.models.runs import ABANDONED
from portal.observability.metrics import MRP_RUN_SECONDS
from portal.queue import enqueue

log = logging.getLogger(__name__)

SHORTFALL_PLACES = Decimal("0.000001")
CENT = Decimal("0.01")
LINE_FIELDS = ("run_id", "position", "so_line_id", "so_number", "line_number", "customer_code", "customer_name",
               "part_number", "description", "business_unit", "facility", "due_date", "quantity", "unit_price",
               "value", "from_approved", "from_pending_qc", "from_jobs", "remainder", "producible", "status",
               "bottleneck", "components")
SHORTAGE_FIELDS = ("run_id", "component", "so_line_id", "so_number", "customer_code", "customer_name", "part_number",
                   "due_date", "shortfall")
KEEP_RUNS = 5  # finished runs kept (with their lines); older ones are deleted after each successful run


def request_run(user=None, trigger: str = MrpRun.Trigger.MANUAL) -> tuple[MrpRun, bool]:
    """A queued run, or the one already queued/running (a second click does not start a second run).

    Returns (run, created). The caller executes a created run (the command, the schedule) or queues it
    (``refresh_in_background``).
    """
    with transaction.atomic():
        active = (MrpRun.objects.select_for_update()
                  .filter(status__in=[MrpRun.Status.QUEUED, MrpRun.Status.RUNNING]).order_by("-pk").first())
        if active is not None and not active.is_stale():
            return active, False
        if active is not None:  # a worker died mid-run: close it so it stops blocking refreshes
            MrpRun.objects.filter(pk=active.pk).update(status=MrpRun.Status.FAILED, error=ABANDONED)
        return MrpRun.objects.create(requested_by=user if user and user.is_authenticated else None,
                                     trigger=trigger), True


def refresh_in_background(user=None) -> MrpRun:
    """The Refresh of the page and the API: request a run and, when it is a new one, queue ``mrp.tasks.run_mrp``
    after the transaction commits (by name, so services do not import tasks). Returns the new run, or the one
    already queued/running."""
    run, created = request_run(user)
    if created:
        enqueue("mrp.tasks.run_mrp", run.pk)
    return run


def resume_after_worker_loss(run: MrpRun) -> MrpRun:
    """Put a run whose worker died while RUNNING back in the queue, so the redelivered task executes it."""
    MrpRun.objects.filter(pk=run.pk, status=MrpRun.Status.RUNNING).update(
        status=MrpRun.Status.QUEUED, progress=0, step=gettext_noop("Queued again: the previous worker stopped"))
    run.refresh_from_db()
    return run


def _progress(run: MrpRun, percent: int, step: str, **fields) -> None:
    # A plain UPDATE outside any transaction, so a polling page sees it at once. Steps are stored in English
    # (gettext_noop) and translated when shown.
    MrpRun.objects.filter(pk=run.pk).update(progress=percent, step=step, **fields)


def execute_run(run: MrpRun) -> MrpRun:
    """Read the ERP, run the engine, store the result. Marks the run FAILED with the error on any exception.

    Only a QUEUED run is executed; any other is returned as it is.
    """
    started = time.perf_counter()
    # Claim the run: a redelivered task (acks_late) or a second worker finds it taken and leaves it alone.
    claimed = MrpRun.objects.filter(pk=run.pk, status=MrpRun.Status.QUEUED).update(
        status=MrpRun.Status.RUNNING, started_at=timezone.now(), progress=5, step=gettext_noop("Reading the ERP"))
    if not claimed:
        run.refresh_from_db()
        return run
    try:
        data = adapter.read_input()
        read_ms = _ms(started)
        _progress(run, 40, gettext_noop("Allocating"))
        mark = time.perf_counter()
        results = engine.run(data)
        engine_ms = _ms(mark)
        _progress(run, 60, gettext_noop("Storing the result"))
        mark = time.perf_counter()
        store_result(run, data, results)
        store_ms = _ms(mark)
    except Exception as exc:
        log.exception("MRP run %s failed", run.pk)
        _progress(run, 100, gettext_noop("Failed"), status=MrpRun.Status.FAILED, finished_at=timezone.now(),
                  error=str(exc)[:2000])
        run.refresh_from_db()
        return run
    timings = {"read": read_ms, "engine": engine_ms, "store": store_ms, "total": _ms(started)}
    MRP_RUN_SECONDS.observe(timings["total"] / 1000)
    _progress(run, 100, gettext_noop("Done"), status=MrpRun.Status.DONE, finished_at=timezone.now(), timings=timings)
    purge_old_runs()
    run.refresh_from_db()
    return run


def _ms(since: float) -> int:
    return round((time.perf_counter() - since) * 1000)


def _dec(value: Decimal) -> str:
    """Compact text of a quantity for the JSON column (no trailing zeros; cheaper than normalize())."""
    if not value:
        return "0"
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text and "E" not in text else text


def store_result(run: MrpRun, data: engine.MrpInput, results: list[engine.LineResult]) -> None:
    """Lines and shortfalls as child rows (bulk inserts), short components' stock on the run, in one transaction."""
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of model instances and no cycles: see engine.run
    try:
        _store_result(run, data, results)
    finally:
        if enabled:
            gc.enable()


def _store_result(run: MrpRun, data: engine.MrpInput, results: list[engine.LineResult]) -> None:
    lines: list[tuple] = []
    shortages: list[tuple] = []
    short_parts: set[str] = set()
    # The components column is written as JSON text built here: one json.dumps per line cost more than the rest
    # of the step. A component's part and need repeat on every line of its parent, so their text is made once.
    heads: dict[tuple[str, Decimal], str] = {}
    run_id = run.pk
    for position, result in enumerate(results, start=1):
        line = result.line
        texts = []
        for part, need, _required, supply, approved, pending, _po, shortfall, bottleneck in result.rows:
            head = heads.get((part, need))
            if head is None:
                head = heads[part, need] = f'[{json.dumps(part)},"{need}",'
            # Required, from PO and shortfall follow from these and the line's r and p (see components_of).
            texts.append(f'{head}"{supply}","{approved}","{pending}",{1 if bottleneck else 0}]')
            if shortfall > 0:
                short_parts.add(part)
                shortages.append((run_id, part, line.id, line.so_number, line.customer_code,
                                  line.customer_name[:100], line.part_number, line.due_date,
                                  shortfall.quantize(SHORTFALL_PLACES, rounding=ROUND_CEILING)))
        lines.append((
            run_id, position, line.id, line.so_number, line.line_number, line.customer_code,
            line.customer_name[:100], line.part_number, line.description[:200], line.business_unit[:40],
            line.facility[:20], line.due_date, result.quantity, line.unit_price, result.value.quantize(CENT),
            result.from_approved, result.from_pending_qc, result.from_jobs, result.remainder, result.producible,
            result.status.value, result.bottleneck or "", f"[{','.join(texts)}]",
        ))
    details = adapter.part_details(short_parts)
    component_info = {}
    for part in short_parts:
        stock = data.stock.get(part, engine.Stock())
        description, uom = details.get(part, ("", ""))
        component_info[part] = [description, uom, _dec(stock.approved + stock.pending_qc),
                                _dec(data.open_po.get(part, engine.ZERO))]
    with transaction.atomic():
        insert_rows(MrpLine, LINE_FIELDS, lines, json_text=True)
        insert_rows(MrpShortage, SHORTAGE_FIELDS, shortages)
        MrpRun.objects.filter(pk=run.pk).update(
            sizes=data.sizes(), counts=engine.status_counts(results), components=component_info,
            as_of=timezone.localdate(),
        )


class _AsIs(json.JSONEncoder):
    """An "encoder" for values that are JSON text already (see insert_rows)."""

    def encode(self, o):
        return o


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple], batch: int = 50_000,
                json_text: bool = False) -> None:
    """INSERT of value tuples with executemany: bulk_create's per-field machinery cost seconds on 30,000 rows.

    Only dates, decimals and JSON go through their backend's adaptation (which differs per database); the
    other columns are ints and strings as they are. ``json_text``: the JSON columns' values are JSON text
    already. Batches are large: each executemany has a fixed cost, and a row is a few hundred bytes.
    """
    connection = connections[router.db_for_write(model)]
    concrete = [model._meta.get_field(name) for name in fields]  # "run_id" finds the foreign key by attname
    ops = connection.ops
    adapters = {
        "DateField": lambda f: ops.adapt_datefield_value,
        "DecimalField": lambda f: lambda value: ops.adapt_decimalfield_value(value, f.max_digits, f.decimal_places),
        "JSONField": lambda f: lambda value: ops.adapt_json_value(value, _AsIs if json_text else f.encoder),
    }
    convert = [(i, adapters[f.get_internal_type()](f)) for i, f in enumerate(concrete)
               if f.get_internal_type() in adapters]
    columns = ", ".join(ops.quote_name(f.column) for f in concrete)
    placeholders = ", ".join(["%s"] * len(fields))
    # Identifiers come from the model (quoted by the backend); every value is a parameter.
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            params = []
            for row in rows[start:start + batch]:
                row = list(row)
                for index, adapt in convert:
                    row[index] = adapt(row[index])
                params.append(row)
            cursor.executemany(sql, params)


def purge_old_runs(keep: int = KEEP_RUNS) -> int:
    """Delete finished runs beyond the newest ``keep`` successful ones (their lines go with them)."""
    kept = list(MrpRun.objects.done().order_by("-finished_at", "-pk").values_list("pk", flat=True)[:keep])
    if len(kept) < keep:
        return 0
    oldest_kept = min(kept)
    old = MrpRun.objects.filter(pk__lt=oldest_kept).exclude(status__in=[MrpRun.Status.QUEUED,
                                                                        MrpRun.Status.RUNNING])
    old_ids = list(old.values_list("pk", flat=True))
    # Child rows first with plain DELETEs: cheaper than the ORM's cascade collection of 30,000 rows.
    MrpShortage.objects.filter(run_id__in=old_ids).delete()
    MrpLine.objects.filter(run_id__in=old_ids).delete()
    return MrpRun.objects.filter(pk__in=old_ids).delete()[0]


def latest_run() -> MrpRun | None:
    return MrpRun.objects.latest_done()


def components_of(line: MrpLine) -> list[dict]:
    """A stored line's components as dicts of Decimals, for the expanded row and the API.

    Stored per component: part, need per unit, supply before the line, from approved, from pending QC,
    bottleneck flag. The rest follows exactly: required = r × need, taken = p × need, from PO = taken -
    approved - pending QC, shortfall = max(0, required - supply).
    """
    found = []
    compact = engine.compact
    for part, need, supply, approved, pending, bottleneck in line.components:
        need, supply, approved, pending = Decimal(need), Decimal(supply), Decimal(approved), Decimal(pending)
        required = need * line.remainder
        found.append({
            "part_number": part, "need_per_unit": compact(need), "required": compact(required),
            "supply_before": compact(supply), "from_approved": compact(approved), "from_pending_qc": compact(pending),
            "from_po": compact(need * line.producible - approved - pending),
            "shortfall": compact(max(required - supply, Decimal(0))), "bottleneck": bool(bottleneck),
        })
    return found


def status_totals(counts: dict[str, int], statuses: Iterable[str]) -> int:
    return sum(counts.get(str(s), 0) for s in statuses)
