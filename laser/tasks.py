"""Celery tasks of the laser shop (scheduled in apps.py: the daily report at 07:30 shop time)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(name="laser.tasks.generate_daily_report")
def generate_daily_report(day: str | None = None) -> dict:
    """Beat's 07:30 run: yesterday's report, stored once even if beat fires twice. ``day`` (ISO) for a rerun."""
    from .services.reports import generate_daily_report as generate

    report, created = generate(dt.date.fromisoformat(day) if day else None)
    return {"report": report.pk, "day": report.day.isoformat(), "created": created}


@shared_task(name="laser.tasks.check_stock")
def check_stock() -> dict:
    """Beat's clock (every 6 hours): every sheet item's low-stock notification and every approved project's
    material block raised or cleared, whatever moved or did not move in between."""
    from .services.inventory import check_all_stock

    return check_all_stock()
