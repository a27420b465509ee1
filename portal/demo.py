"""The demo as each app builds it: an app declares its ``DemoStep``s in its AppConfig (``demo_steps``), the
``portal_demo`` command runs them in order. The core knows no module app; each app's builder lives in its own
``demo.py`` (``erp/demo/`` for the ERP and the plant matching it), safe to re-run.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

PLANT_ORDER = 10  # the plant (facilities, lines, departments) comes first: demo users are placed in it


@dataclass(frozen=True)
class DemoStep:
    name: str
    builder: str  # dotted path of a function without arguments, safe to re-run
    order: int = 50
    in_transaction: bool = True  # False: runs after the others have committed (e.g. a first MRP run)

    def run(self):
        return import_string(self.builder)()


def demo_steps() -> list[DemoStep]:
    found = [step for config in apps.get_app_configs() for step in getattr(config, "demo_steps", ())]
    return sorted(found, key=lambda step: step.order)


# --- History: the demo's past, written through each app's own services -------------------------------------------

HISTORY_DAYS = 56  # about eight weeks before the day the demo is created


def history_random(name: str) -> random.Random:
    """The seeded generator of one app's history: the same demo on every machine (and in the tests)."""
    return random.Random(f"plant-portal-demo:{name}")


def history_days() -> int:
    """How far back the history goes: ``DEMO_HISTORY_DAYS`` (``portal_demo --history-days``; tests keep it short)."""
    return getattr(settings, "DEMO_HISTORY_DAYS", HISTORY_DAYS)


def history_dates(today: dt.date, days: int | None = None) -> list[dt.date]:
    """The past days of the history, oldest first, ending yesterday (``today`` is the facility's local day)."""
    return [today - dt.timedelta(days=n) for n in range(days or history_days(), 0, -1)]


@contextmanager
def as_of(moment: dt.datetime) -> Iterator[None]:
    """Run the services as if it were ``moment`` (aware): ``timezone.now()`` (and so ``auto_now`` fields, audit and
    timeline entries, SLA clocks) answers ``moment``.

    Demo only: the history is written through the apps' own services, which stamp their records with the present;
    single-threaded (the ``portal_demo`` command), restored on leaving. Every module calls ``timezone.now()``
    through the module (portal/tests/test_demo_history.py fails for a module importing its own ``now``), so one
    patch covers them.
    """
    if timezone.is_naive(moment):
        raise ValueError("as_of needs an aware moment")
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real
