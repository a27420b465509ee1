"""Background Excel exports: a job row, a Celery task that writes the file with progress, a notification."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files import File
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal.models import ExportJob
from portal.queue import enqueue

from .signals import export_ready

EXPORT_TASK = "portal.lists.tasks.run_export"  # by name: the task module imports this one


def count_rows(rows: QuerySet | Sequence) -> int:
    """How many rows a list has: one COUNT query for a queryset, the length of rows built in Python."""
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def start_background_export(view, request) -> ExportJob:
    """Record the export of ``view`` with the request's filters and queue it once the row is committed."""
    params = request.GET.copy()
    params.pop("export", None)
    job = ExportJob.objects.create(
        user=request.user,
        title=str(view.title),
        view=f"{type(view).__module__}.{type(view).__qualname__}",
        params=params.urlencode(),
    )
    enqueue(EXPORT_TASK, job.pk)
    return job


def run_export_job(job_id: int) -> ExportJob:
    """Build the file of one export job. Idempotent: a finished job is left as it is."""
    from .xlsx import write_xlsx

    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    view_class = import_string(job.view)
    view = view_class()
    request = HttpRequest()
    request.user = job.user
    request.GET = QueryDict(job.params)
    view.setup(request)
    if not view.has_permission():  # access may have been revoked since the export was asked for
        job.status, job.error = ExportJob.Status.FAILED, _("You no longer have access to this list.")
        job.save(update_fields=["status", "error"])
        return job


    queryset, columns = view.filtered_rows()
    job.status, job.total_rows = ExportJob.Status.RUNNING, count_rows(queryset)
    job.save(update_fields=["status", "total_rows"])

    def progress(count: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done_rows=count)

    try:
        rows, prepared = view.export_rows(queryset, columns)
        handle, count = write_xlsx(rows, columns, title=job.title, progress=progress, prepared=prepared,
                                   **view.xlsx_options())
        job.filename = view.export_filename()
        with handle:
            job.file.save(job.filename, File(handle), save=False)
    except Exception as exc:  # noqa: BLE001 - recorded on the job and shown to its owner, never a 500
        job.status, job.error = ExportJob.Status.FAILED, str(exc)[:1000]
        job.save(update_fields=["status", "error"])
        raise
    job.status, job.done_rows, job.finished_at = ExportJob.Status.DONE, count, timezone.now()
    job.save(update_fields=["status", "done_rows", "finished_at", "file", "filename"])
    _notify(job)
    return job


def _notify(job: ExportJob) -> None:
    # The notifications app raises it (the core imports no module app): see portal/lists/signals.py.
    export_ready.send(ExportJob, job=job, title=_("Your export “%(title)s” is ready") % {"title": job.title},
                      url=job.get_absolute_url(), users=[job.user])
