"""A small laser shop for tests, the bench and the demo: a Johannesburg facility with a laser cell and two
machines, the "Laser shop" department that works on the cell (operators belong to it: floor scoping fails closed),
clients, a project ready to cut, a preset and a stocked sheet item."""

from __future__ import annotations

from decimal import Decimal

from portal.models import Department, Facility, Machine, ProductionLine

from .models import Client, ExtraOperator, InventoryItem, Preset, Project, Stage


def make_shop(*, stock: int = 10, minimum: int = 5) -> dict:
    facility, _ = Facility.objects.get_or_create(
        code="JHB", defaults={"name": "Laser shop Johannesburg", "erp_code": "JHB", "time_zone": "Africa/Johannesburg"})
    line, _ = ProductionLine.objects.get_or_create(facility=facility, code="LASER",
                                                   defaults={"name": "Laser cell", "erp_line_code": "LASER"})
    department, _ = Department.objects.get_or_create(name="Laser shop")
    department.lines.add(line)
    machines = [Machine.objects.get_or_create(line=line, code=code, defaults={"name": name,
                                                                              "machine_type": "fibre laser"})[0]
                for code, name in (("LZ-1", "Fibre laser 6 kW"), ("LZ-2", "Fibre laser 3 kW"))]
    client, _ = Client.objects.get_or_create(name="Acme Brackets", defaults={
        "contact_name": "Thandi", "phone": "+27 82 555 0101", "email": "thandi@acme.example", "language": "en"})
    client_es, _ = Client.objects.get_or_create(name="Herrajes del Norte", defaults={
        "contact_name": "Lucía", "email": "lucia@herrajes.example", "language": "es", "channel": "email"})
    material, thickness, size = "mild_steel", Decimal("3.0"), "3000x1500"
    project, _ = Project.objects.get_or_create(code="P-1001", defaults={
        "client": client, "description": "Wall brackets", "material_type": material, "thickness_mm": thickness,
        "sheet_size": size, "sheets_required": 6, "stage": Stage.CUTTING})
    preset, _ = Preset.objects.get_or_create(material_type=material, thickness_mm=thickness, version=1, defaults={
        "power_w": 3000, "speed_mm_min": 3200, "gas": "O2", "pressure_bar": Decimal("0.6"),
        "nozzle_mm": Decimal("1.2"), "focus_mm": Decimal("2.5")})
    item, _ = InventoryItem.objects.get_or_create(material_type=material, thickness_mm=thickness, sheet_size=size,
                                                  defaults={"quantity": stock, "minimum": minimum})
    helper, _ = ExtraOperator.objects.get_or_create(name="Sipho (helper)")
    return {"facility": facility, "line": line, "department": department, "machines": machines,
            "machine": machines[0], "client": client,
            "client_es": client_es, "project": project, "preset": preset, "item": item, "helper": helper}
