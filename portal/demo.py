"""The demo as each app builds it: an app declares its ``DemoStep``s in its AppConfig (``demo_steps``), the
``portal_demo`` command runs them in order. The core knows no module app; each app's builder lives in its own
``demo.py`` (``erp/demo/`` for the ERP and the plant matching it), safe to re-run.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
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
