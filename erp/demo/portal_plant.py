"""The portal's plant matching the demo ERP (a demo step, see ErpConfig.demo_steps): facilities with their shifts,
lines with capacity and machines, one production department per facility. Safe to re-run."""

from __future__ import annotations

import datetime as dt

from portal.models import Department, Facility, Machine, ProductionCapacity, ProductionLine, Shift

from .plant import FACILITIES, LINES

DEMO_SHIFTS = [
    ("Day", "Matutino", dt.time(6), dt.time(14)),
    ("Swing", "Vespertino", dt.time(14), dt.time(22)),
    ("Night", "Nocturno", dt.time(22), dt.time(6)),
]
# Machines of every demo line: (code suffix, name, Spanish, machine type); the line's own process machine first.
DEMO_MACHINES = [
    ("M1", "{line} main machine", "Máquina principal de {line}", "process"),
    ("M2", "Labeler", "Etiquetadora", "labeler"),
    ("M3", "Case packer", "Encajonadora", "case packer"),
]
# The Spanish label operators read, by the English name (erp/demo/plant.py keeps the ERP's names in English).
SPANISH = {
    "Chicago plant": "Planta Chicago", "Monterrey plant": "Planta Monterrey", "Atlanta plant": "Planta Atlanta",
    "Liquid filling 1": "Llenado de líquidos 1", "Liquid filling 2": "Llenado de líquidos 2",
    "Blister packaging": "Empaque en blíster", "Cartoning": "Encartonado", "Kitting": "Armado de kits",
    "Powder filling": "Llenado de polvos", "Sachet packaging": "Empaque en sobres", "Bottling": "Embotellado",
    "Shrink wrapping": "Termoencogido", "Tube filling": "Llenado de tubos", "Aerosol filling": "Llenado de aerosoles",
    "Display assembly": "Armado de exhibidores",
}


def _spanish(record, spanish: str) -> None:
    """Fill an empty Spanish label (a demo built before the labels); an admin's own label is kept."""
    if spanish and not record.name_es:
        record.name_es = spanish
        record.save(update_fields=["name_es"])


def build_plant() -> None:
    for facility_spec in FACILITIES:
        facility, _ = Facility.objects.get_or_create(
            code=facility_spec.code,
            defaults={
                "name": facility_spec.name, "erp_code": facility_spec.code, "time_zone": facility_spec.time_zone
            },
        )
        _spanish(facility, SPANISH.get(facility_spec.name, ""))
        for name, name_es, start, end in DEMO_SHIFTS:
            shift, _ = Shift.objects.get_or_create(facility=facility, name=name,
                                                   defaults={"start_time": start, "end_time": end})
            _spanish(shift, name_es)
    for line_spec in LINES:
        facility = Facility.objects.get(code=line_spec.facility_code)
        line, _created = ProductionLine.objects.get_or_create(
            facility=facility, code=line_spec.code,
            defaults={"name": line_spec.name, "erp_line_code": line_spec.code},
        )
        _spanish(line, SPANISH.get(line_spec.name, ""))
        for shift in facility.shifts.all():
            ProductionCapacity.objects.get_or_create(line=line, shift=shift, defaults={"units_per_shift": 1200})
        for suffix, name, name_es, machine_type in DEMO_MACHINES:
            machine, _ = Machine.objects.get_or_create(
                line=line, code=f"{line.code}-{suffix}",
                defaults={"name": name.format(line=line.name), "machine_type": machine_type},
            )
            _spanish(machine, name_es.format(line=line.name_es or line.name))
        department, _ = Department.objects.get_or_create(name=f"{facility.name} production")
        department.lines.add(line)
