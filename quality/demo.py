"""Demo data of the Quality module (called by ``manage.py portal_demo``; idempotent)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.models import Department, ProductionLine, User

from .models import CustomerReturn, DefectCode, InternalReject, Ncr, SopTicket

DEFECTS = (
    ("DIM", "Dimensional", "Dimensional", (("DIM-OVR", "Oversize", "Sobremedida"), ("DIM-UND", "Undersize",
                                                                                     "Bajo medida"))),
    ("SUR", "Surface", "Superficie", (("SUR-SCR", "Scratch", "Rayón"), ("SUR-DNT", "Dent", "Golpe"),
                                      ("SUR-COL", "Colour off", "Color fuera"))),
    ("ASM", "Assembly", "Ensamble", (("ASM-MIS", "Missing part", "Falta pieza"), ("ASM-LBL", "Wrong label",
                                                                                 "Etiqueta incorrecta"))),
)


def build_demo() -> None:
    for order, (code, name, name_es, children) in enumerate(DEFECTS, start=1):
        main, _ = DefectCode.objects.get_or_create(code=code, defaults={"name": name, "name_es": name_es,
                                                                         "sort_order": order * 10})
        for sub_order, (sub, sub_name, sub_es) in enumerate(children, start=1):
            DefectCode.objects.get_or_create(code=sub, defaults={"parent": main, "name": sub_name, "name_es": sub_es,
                                                                 "sort_order": sub_order * 10})
    quality, _ = Department.objects.get_or_create(name="Quality")
    inspector = User.objects.filter(username="demo_quality_inspector").first()
    admin = User.objects.filter(username="demo_quality_admin").first()
    if inspector is None or admin is None:
        return
    inspector.departments.add(quality)
    # Quality inspects every line of the plant: floor scoping fails closed (portal/services/scoping.py), so the
    # inspector's department names the lines they record rejects on.
    quality.lines.add(*ProductionLine.objects.active())
    quality.heads.add(admin)
    if InternalReject.objects.exists():
        return
    now = timezone.now()
    codes = list(DefectCode.objects.filter(parent__isnull=False))
    for i, line in enumerate(ProductionLine.objects.active()[:4]):
        for j in range(6):
            InternalReject.objects.create(
                line=line, part=f"P-{100 + j}", quantity=1 + (i + j) % 7, defect=codes[(i * 3 + j) % len(codes)],
                cause="Demo", occurred_at=now - dt.timedelta(days=3 * j + i), created_by=inspector)
    production = Department.objects.exclude(pk=quality.pk).first()
    if production is not None:
        SopTicket.objects.create(charging_department=quality, charged_department=production, sop_reference="SOP-QA-12",
                                 description="Labels applied before the final inspection.", created_by=inspector)
        Ncr.objects.create(title="Wrong labels on lot 4471", description="Found at final inspection.",
                           department=production, owner=admin, created_by=inspector, due_at=now + dt.timedelta(days=5))
    facility = ProductionLine.objects.active().first()
    if facility is not None:
        CustomerReturn.objects.create(facility=facility.facility, customer="ACME", sales_order="SO-1001", part="P-101",
                                      lot="L-4471", quantity=12, reason="Scratched surface", defect=codes[2],
                                      created_by=inspector)
