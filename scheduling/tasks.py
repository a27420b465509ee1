"""Celery tasks of the Scheduling module (thin: the work is in scheduling.services)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="scheduling.tasks.archive_closed_projections")
def archive_closed_projections() -> dict[str, int]:
    """Archive projections of SO lines that closed in the ERP (see SchedulingConfig.periodic_tasks)."""
    from scheduling.services.projections import archive_closed

    return archive_closed()
