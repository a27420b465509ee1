"""Celery tasks of the Maintenance module (scheduled in apps.py's periodic_tasks)."""

from celery import shared_task


@shared_task(name="maintenance.tasks.generate_preventive_tickets")
def generate_preventive_tickets() -> int:
    from maintenance.services.preventive import generate_due_tickets

    return len(generate_due_tickets())
