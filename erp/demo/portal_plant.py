"""The portal's plant matching the demo ERP (a demo step, see ErpConfig.demo_steps): facilities with their shifts,
lines with capacity and machines, one production department per facility. Safe to re-run."""

from __future__ import annotations

import datetime as dt

from portal.models import Department, Facility, Machine, ProductionCapacity, ProductionLine, Shift

from .plant import FACILITIES, LINES

DEMO_SHIFTS = [
    ("Day", dt.time(6), dt.time(14)),
    ("Swing", dt.time(14), dt.time(22)),
    ("Night", dt.time(22), dt.time(6)),
]
# Machines of every demo line: (code suffix, name, machine type); the line's own process machine comes first.
DEMO_MACHINES = [
    ("M1", "{line} main machine", "process"),
    ("M2", "Labeler", "labeler"),
    ("M3", "Case packer", "case packer"),
]


def build_plant() -> None:
    for facility_spec in FACILITIES:
        facility, _ = Facility.objects.get_or_create(
            code=facility_spec.code,
            defaults={
                "name": facility_spec.name, "erp_code": facility_spec.code, "time_zone": facility_spec.time_zone
            },
        )
        for name, start, end in DEMO_SHIFTS:
            Shift.objects.get_or_create(facility=facility, name=name, defaults={"start_time": start, "end_time": end})
    for line_spec in LINES:
        facility = Facility.objects.get(code=line_spec.facility_code)
        line, _created = ProductionLine.objects.get_or_create(
            facility=facility, code=line_spec.code,
            defaults={"name": line_spec.name, "erp_line_code": line_spec.code},
        )
        for shift in facility.shifts.all():
            ProductionCapacity.objects.get_or_create(line=line, shift=shift, defaults={"units_per_shift": 1200})
        for suffix, name, machine_type in DEMO_MACHINES:
            Machine.objects.get_or_create(
                line=line, code=f"{line.code}-{suffix}",
                defaults={"name": name.format(line=line.name), "machine_type": machine_type},
            )
        department, _ = Department.objects.get_or_create(name=f"{facility.name} production")
        department.lines.add(line)
