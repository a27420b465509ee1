"""Celery tasks of the core app. Tasks stay thin: the work is in plain functions that tests call directly."""

from __future__ import annotations

import datetime as dt
import socket

from celery import shared_task
from django.utils import timezone


@shared_task(bind=True, name="portal.tasks.ping")
def ping(self) -> dict[str, str]:
    """Round trip through the broker: tells which worker answered (monitoring, and the end-to-end test)."""
    # An eager call has no worker; report this process's host instead so the answer has the same shape.
    return {"reply": "pong", "hostname": self.request.hostname or socket.gethostname()}


def delete_login_history_older_than(days: int, now: dt.datetime | None = None) -> int:
    """Delete login events older than ``days`` days; returns how many went. Running it twice deletes nothing more."""
    from portal.models import LoginEvent

    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a whole number of at least 1, not {days!r}")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    _, per_model = LoginEvent.objects.filter(created_at__lt=cutoff).delete()
    return per_model.get(LoginEvent._meta.label, 0)


@shared_task(name="portal.tasks.purge_login_history")
def purge_login_history(days: int = 365) -> int:
    """Keep the login history to a year by default (scheduled weekly, see PortalConfig.periodic_tasks)."""
    return delete_login_history_older_than(days)


# The background Excel export lives with the list mechanism; importing it here registers it with the worker.
from portal.lists.tasks import run_export  # noqa: E402,F401


def delete_exports_older_than(days: int, now: dt.datetime | None = None) -> int:
    """Delete finished or failed background exports (and their files) older than ``days`` days."""
    from portal.models import ExportJob

    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a whole number of at least 1, not {days!r}")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    count = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(status=ExportJob.Status.RUNNING):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


@shared_task(name="portal.tasks.purge_exports")
def purge_exports(days: int | None = None) -> int:
    """Export files are a convenience, not records: keep them EXPORT_RETENTION_DAYS (scheduled daily)."""
    from django.conf import settings

    return delete_exports_older_than(days or settings.EXPORT_RETENTION_DAYS)


@shared_task(name="portal.tasks.purge_pending_imports")
def purge_pending_imports() -> int:
    """Delete import uploads whose confirmation never came (older than IMPORT_PENDING_MINUTES)."""
    from portal.imports.storage import purge_expired

    return purge_expired()


@shared_task(name="portal.tasks.flush_outbox")
def flush_outbox() -> int:
    """Send the tasks kept while the broker was down (portal/queue.py); every minute from beat."""
    from portal.queue import flush_outbox as flush

    return flush()


@shared_task(name="portal.tasks.render_pdf_job", acks_late=True)
def render_pdf_job(job_id: int) -> int:
    """Render one large PDF in the background (portal/pdf.py); returns its progress total."""
    from portal.pdf import run_pdf_job

    return run_pdf_job(job_id).done_rows


@shared_task(name="portal.tasks.evaluate_escalations")
def evaluate_escalations() -> int:
    """Every workflow's escalation rules (portal/workflow/escalation.py); idempotent."""
    from portal.workflow.escalation import evaluate_escalations as evaluate

    return evaluate()
