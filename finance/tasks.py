"""Celery tasks of the Finance module: thin wrappers over ``finance.services.runs``."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="finance.tasks.run_costs")
def run_costs(run_id: int) -> str:
    """Execute a requested cost roll-up run (progress on the run row); a finished run is left alone."""
    from finance.services.runs import execute_run

    run = execute_run(run_id)
    return run.status if run else "missing"


@shared_task(name="finance.tasks.nightly_costs")
def nightly_costs() -> int:
    """The nightly refresh of the standard roll-up and of every active scenario's."""
    from finance.services.runs import nightly_runs

    return len(nightly_runs())
