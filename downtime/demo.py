"""Demo data of downtime tracking (a demo step, see DowntimeConfig.demo_steps): reason codes and quick notes so the
tablet page is usable at once (admins edit them in the admin). Safe to re-run."""

from __future__ import annotations

from portal.models import Facility

from .models import Category, QuickNote

DEMO_CATEGORIES = [
    ("Mechanical", "#dc3545", ["Jam", "Breakdown", "Sensor fault"]),
    ("Material", "#fd7e14", ["Shortage", "Wrong component", "Quality hold"]),
    ("Changeover", "#0d6efd", ["Size change", "Product change", "Cleaning"]),
    ("Quality", "#6f42c1", ["Out of spec", "Waiting for QC release"]),
    ("Planned", "#198754", ["Break", "Meeting", "Preventive maintenance"]),
]
DEMO_QUICK_NOTES = ["Maintenance called", "Waiting for forklift", "Supervisor informed", "Restarted after adjustment"]


def build_demo() -> None:
    for order, (main, colour, subs) in enumerate(DEMO_CATEGORIES, start=1):
        parent, _ = Category.objects.get_or_create(
            parent=None, name=main, defaults={"colour": colour, "sort_order": order * 10}
        )
        for sub_order, sub in enumerate(subs, start=1):
            Category.objects.get_or_create(parent=parent, name=sub,
                                           defaults={"colour": colour, "sort_order": sub_order * 10})
    for facility in Facility.objects.all():
        for order, text in enumerate(DEMO_QUICK_NOTES, start=1):
            QuickNote.objects.get_or_create(facility=facility, text=text, defaults={"sort_order": order * 10})
