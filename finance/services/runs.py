"""Cost roll-up runs: requested by the list's first opening, the Recompute button or the nightly schedule, executed
by ``finance.tasks.run_costs`` with its progress on the run row (the page polls it)."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from finance.models import CostRun, ProductCost, Scenario
from finance.services import costing
from finance.services.erp_data import read_costing_data
from portal.models.runs import ABANDONED
from portal.queue import enqueue

log = logging.getLogger(__name__)

KEEP_RUNS = 200


class RunInProgress(Exception):
    """Another roll-up is queued or running; ``run`` is that one."""

    def __init__(self, run: CostRun):
        super().__init__(str(run))
        self.run = run


def active_run() -> CostRun | None:
    return CostRun.objects.filter(active=True).select_related("scenario").first()


def latest_run(scenario: Scenario | None = None) -> CostRun | None:
    """The last finished run of ``scenario`` (None: the standard roll-up)."""
    return (CostRun.objects.filter(scenario=scenario, active=False).select_related("scenario")
            .order_by("-finished_at", "-pk").first())


def _close_if_stale(run: CostRun) -> bool:
    if not run.is_stale():
        return False
    CostRun.objects.filter(pk=run.pk, active=True).update(
        status=CostRun.Status.FAILED, active=False, finished_at=timezone.now(), error=ABANDONED)
    return True


def request_run(scenario: Scenario | None = None, user=None, trigger: str = CostRun.Trigger.MANUAL) -> CostRun:
    """Queue a roll-up of ``scenario`` (after the transaction commits). Raises ``RunInProgress`` while one is
    queued or running: only one roll-up runs at a time (the unique constraint on ``active`` decides a race)."""
    current = active_run()
    if current is not None and not _close_if_stale(current):
        raise RunInProgress(current)
    try:
        with transaction.atomic():
            run = CostRun.objects.create(scenario=scenario, trigger=trigger,
                                         requested_by=user if user is not None and user.is_authenticated else None)
    except IntegrityError:
        raise RunInProgress(active_run() or CostRun.objects.filter(active=True).first()) from None
    enqueue("finance.tasks.run_costs", run.pk)
    return run


def fill_on_first_use(scenario: Scenario | None = None, user=None) -> CostRun | None:
    """Start the roll-up of ``scenario`` (None: the standard one) when none was ever computed (a new install, a new
    scenario): the list then fills itself instead of waiting for someone who knows where the button is. Returns the
    run, if any. One query when the roll-up exists."""
    if CostRun.objects.filter(scenario=scenario).exists() or ProductCost.objects.filter(scenario=scenario).exists():
        return None
    try:
        return request_run(scenario, user, CostRun.Trigger.FIRST_USE)
    except RunInProgress as busy:
        return busy.run


def execute_run(run_id: int) -> CostRun | None:
    """Compute and store a queued run. Idempotent: a run already taken or finished is left alone."""
    claimed = CostRun.objects.filter(pk=run_id, status=CostRun.Status.QUEUED).update(
        status=CostRun.Status.RUNNING, started_at=timezone.now())
    run = CostRun.objects.select_related("scenario").filter(pk=run_id).first()
    if not claimed or run is None:
        return run

    def progress(done: int, total: int) -> None:
        CostRun.objects.filter(pk=run_id).update(done=done, total=total)

    try:
        data = read_costing_data()
        CostRun.objects.filter(pk=run_id).update(total=len(costing.products(data)))
        count = costing.store(run.scenario, costing.compute(run.scenario, data, progress))
    except Exception as exc:  # noqa: BLE001 - the run records any failure (a BOM cycle, a missing cost, the ERP)
        log.warning("cost roll-up %s failed: %s", run_id, exc)
        CostRun.objects.filter(pk=run_id).update(status=CostRun.Status.FAILED, active=False,
                                                 finished_at=timezone.now(), error=str(exc)[:2000])
    else:
        CostRun.objects.filter(pk=run_id).update(status=CostRun.Status.DONE, active=False,
                                                 finished_at=timezone.now(), rows=count)
    _purge_old_runs()
    run.refresh_from_db()
    return run


def _purge_old_runs() -> None:
    keep = list(CostRun.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[:KEEP_RUNS])
    if len(keep) == KEEP_RUNS:
        CostRun.objects.filter(active=False).exclude(pk__in=keep).delete()


def nightly_runs() -> list[int]:
    """The schedule's refresh: the standard roll-up, then every active scenario's, one after the other."""
    done = []
    for scenario in [None, *Scenario.objects.filter(active=True)]:
        current = active_run()
        if current is not None and not _close_if_stale(current):
            break  # someone pressed Recompute meanwhile; tomorrow's run catches up
        try:
            with transaction.atomic():
                run = CostRun.objects.create(scenario=scenario, trigger=CostRun.Trigger.SCHEDULED)
        except IntegrityError:
            break
        execute_run(run.pk)
        done.append(run.pk)
    return done
