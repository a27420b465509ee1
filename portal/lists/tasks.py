from celery import shared_task


@shared_task(acks_late=True)
def run_export(job_id: int) -> int:
    """Write one background export (see portal/lists/exports.py); returns the number of rows."""
    from .exports import run_export_job

    return run_export_job(job_id).done_rows
