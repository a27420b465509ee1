"""Demo data of downtime tracking (a demo step, see DowntimeConfig.demo_steps): reason codes and quick notes, each
with its Spanish label, so the tablet page is usable at once in either language (admins edit them in the admin).
Safe to re-run: a label left empty by an older demo is filled, one an admin changed is kept."""

from __future__ import annotations

from portal.models import Facility

from .models import Category, QuickNote

# (name, Spanish, colour, planned, allows a crew of 0, [(sub-category, Spanish[, [its own sub-categories]])]):
# reasons nest to any depth; Mechanical > Conveyor > Belt slip / Motor trip shows a third level.
DEMO_CATEGORIES = [
    ("Mechanical", "Mecánica", "#dc3545", False, False,
     [("Jam", "Atasco"), ("Breakdown", "Avería"), ("Sensor fault", "Falla de sensor"),
      ("Conveyor", "Transportador", [("Belt slip", "Banda patinando"), ("Motor trip", "Disparo del motor")])]),
    ("Material", "Material", "#fd7e14", False, False,
     [("Shortage", "Faltante"), ("Wrong component", "Componente equivocado"),
      ("Quality hold", "Retención de calidad")]),
    ("Changeover", "Cambio de formato", "#0d6efd", False, False,
     [("Size change", "Cambio de tamaño"), ("Product change", "Cambio de producto"), ("Cleaning", "Limpieza")]),
    ("Quality", "Calidad", "#6f42c1", False, False,
     [("Out of spec", "Fuera de especificación"), ("Waiting for QC release", "Esperando liberación de calidad")]),
    ("Planned", "Planeado", "#198754", True, True,
     [("Break", "Descanso"), ("Meeting", "Junta"), ("Preventive maintenance", "Mantenimiento preventivo")]),
]
DEMO_QUICK_NOTES = [
    ("Maintenance called", "Se llamó a mantenimiento"),
    ("Waiting for forklift", "Esperando montacargas"),
    ("Supervisor informed", "Se informó al supervisor"),
    ("Restarted after adjustment", "Se reinició después de ajustar"),
]


def _spanish(record, field: str, spanish: str) -> None:
    """Fill an empty Spanish label (a demo built before the labels existed); never overwrite an admin's."""
    if not getattr(record, f"{field}_es"):
        setattr(record, f"{field}_es", spanish)
        record.save(update_fields=[f"{field}_es"])


def _children(parent: Category, children: list[tuple], colour: str) -> None:
    for order, (name, name_es, *below) in enumerate(children, start=1):
        child, _ = Category.objects.get_or_create(
            parent=parent, name=name, defaults={"name_es": name_es, "colour": colour, "sort_order": order * 10})
        _spanish(child, "name", name_es)
        if below:
            _children(child, below[0], colour)


def build_demo() -> None:
    for order, (main, main_es, colour, planned, no_crew, subs) in enumerate(DEMO_CATEGORIES, start=1):
        parent, created = Category.objects.get_or_create(
            parent=None, name=main, defaults={"name_es": main_es, "colour": colour, "sort_order": order * 10,
                                              "planned": planned, "allows_no_crew": no_crew})
        _spanish(parent, "name", main_es)
        _children(parent, subs, colour)
    for facility in Facility.objects.all():
        for order, (text, text_es) in enumerate(DEMO_QUICK_NOTES, start=1):
            note, _ = QuickNote.objects.get_or_create(facility=facility, text=text,
                                                      defaults={"text_es": text_es, "sort_order": order * 10})
            _spanish(note, "text", text_es)
