"""Periodic tasks are declared next to the app that owns them and collected into celery beat's schedule.

An app lists them on its AppConfig::

    periodic_tasks = (
        PeriodicTaskSpec("Purge login history", "portal.tasks.purge_login_history", crontab="0 3 * * 0"),
    )

``manage.py sync_periodic_tasks`` (run after ``migrate`` on deploy and by ``bin/demo``) creates the missing
django-celery-beat rows, matched by name. Existing rows are never touched: once created, the schedule belongs to
the admins, who edit, disable or re-time it in the admin (Periodic tasks). A deleted row comes back on the next
sync, so to stop a task an admin disables it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from celery.schedules import crontab as celery_crontab
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


@dataclass(frozen=True)
class PeriodicTaskSpec:
    """One scheduled run of a Celery task. ``crontab`` is "minute hour day-of-month month day-of-week"."""

    name: str
    task: str
    crontab: str = "30 7 * * *"
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    # The zone the crontab is read in (e.g. a shop's "Africa/Johannesburg"); "" is CELERY_TIMEZONE. Beat then fires
    # at that local time whatever the server's zone does (DST).
    timezone: str = ""

    def __post_init__(self) -> None:
        fields = self.crontab.split()
        if len(fields) != 5:
            raise ValueError(
                f"{self.name}: crontab {self.crontab!r} needs 5 fields: minute hour day-of-month month day-of-week"
            )
        try:  # celery's own parser, so a spec that passes here is one beat accepts
            celery_crontab(**self.crontab_fields)
        except ValueError as exc:
            raise ValueError(f"{self.name}: invalid crontab {self.crontab!r}: {exc}") from exc
        try:
            json.dumps(dict(self.kwargs))
        except TypeError as exc:
            raise ValueError(f"{self.name}: kwargs must be JSON (they are stored in the database): {exc}") from exc

    @property
    def crontab_fields(self) -> dict[str, str]:
        minute, hour, day_of_month, month_of_year, day_of_week = self.crontab.split()
        return {
            "minute": minute,
            "hour": hour,
            "day_of_month": day_of_month,
            "month_of_year": month_of_year,
            "day_of_week": day_of_week,
        }


def collect_periodic_tasks() -> list[PeriodicTaskSpec]:
    """Every app's ``periodic_tasks``, in INSTALLED_APPS order. Two specs with one name is a configuration error."""
    specs: list[PeriodicTaskSpec] = []
    owners: dict[str, str] = {}
    for config in apps.get_app_configs():
        for spec in getattr(config, "periodic_tasks", ()):
            if not isinstance(spec, PeriodicTaskSpec):
                raise ImproperlyConfigured(f"{config.label}.periodic_tasks must hold PeriodicTaskSpec, not {spec!r}")
            if spec.name in owners:
                raise ImproperlyConfigured(
                    f"Periodic task {spec.name!r} is declared by both {owners[spec.name]} and {config.label}"
                )
            owners[spec.name] = config.label
            specs.append(spec)
    return specs


def unknown_tasks(specs: Iterable[PeriodicTaskSpec]) -> list[str]:
    """Specs whose task name no Celery task is registered under (a typo would otherwise fail only at run time)."""
    from portal.celery import app

    app.loader.import_default_modules()  # autodiscovery of every app's tasks.py
    return [f"{spec.name}: {spec.task}" for spec in specs if spec.task not in app.tasks]


def sync_periodic_tasks(specs: Iterable[PeriodicTaskSpec] | None = None) -> list[str]:
    """Create the beat rows that do not exist yet (by name); return the names created. Never updates a row."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    specs = list(collect_periodic_tasks() if specs is None else specs)
    created: list[str] = []
    with transaction.atomic():
        existing = set(PeriodicTask.objects.filter(name__in=[s.name for s in specs]).values_list("name", flat=True))
        for spec in specs:
            if spec.name in existing:
                continue
            when = {**spec.crontab_fields, "timezone": spec.timezone or settings.CELERY_TIMEZONE}
            schedule = CrontabSchedule.objects.filter(**when).order_by("pk").first()
            schedule = schedule or CrontabSchedule.objects.create(**when)
            PeriodicTask.objects.create(
                name=spec.name,
                task=spec.task,
                crontab=schedule,
                kwargs=json.dumps(dict(spec.kwargs)),
                description=str(spec.description),
            )
            created.append(spec.name)
    return created
