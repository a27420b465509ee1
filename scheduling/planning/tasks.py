"""Periodic work of job planning (declared on the AppConfig)."""

from celery import shared_task


@shared_task(name="planning.tasks.detect_exceptions")
def detect_exceptions() -> dict[str, int]:
    from .services.exceptions import detect_all

    return detect_all()
