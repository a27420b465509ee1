"""Celery tasks of the MRP module: thin wrappers over ``mrp.services``."""

from __future__ import annotations

from celery import shared_task

from mrp.models import MrpRun


@shared_task(bind=True, name="mrp.tasks.run_mrp")
def run_mrp(self, run_id: int) -> str:
    """Execute a requested run (progress on the run row). Idempotent: a run already finished is left alone.

    A message delivered again because its worker died mid-run (acks late + reject on worker lost) takes the run
    over: the dead worker's result was never committed (one transaction), so it is stored exactly once.
    """
    from mrp.services import execute_run, resume_after_worker_loss

    run = MrpRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (MrpRun.Status.DONE, MrpRun.Status.FAILED):
        return run.status if run else "missing"
    if (self.request.delivery_info or {}).get("redelivered"):
        run = resume_after_worker_loss(run)
    return execute_run(run).status


@shared_task(name="mrp.tasks.scheduled_run")
def scheduled_run() -> str:
    """The periodic refresh: requests a run (unless one is already under way) and executes it here."""
    from mrp.services import execute_run, request_run

    run, created = request_run(trigger=MrpRun.Trigger.SCHEDULED)
    return execute_run(run).status if created else "already running"
