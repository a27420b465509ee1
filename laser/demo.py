"""Demo data of the laser shop (called by ``manage.py portal_demo``): the Johannesburg shop, projects in every stage
(one sitting in quotes past its threshold: the escalation task raises it and drafts the follow-up; P-2001 needs 4
sheets with 3 on hand, so approving it "in stock" warns; P-2006 has no preset, so an operator cannot start it), runs
of yesterday and today, a low stock item and yesterday's daily report. Safe to re-run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from portal.models import User
from portal.services.localtime import today_local

from .models import InventoryItem, Preset, Project, Stage
from .services import shop_zone
from .services.reports import generate_daily_report
from .services.runs import end_run, shop_machines, start_run
from .testing import make_shop

PROJECTS = [  # code, client index, material, thickness, size, sheets, stage, days in stage
    ("P-2001", 0, "stainless", "1.5", "2500x1250", 4, Stage.QUOTES, 5),
    ("P-2002", 1, "aluminium", "2.0", "3000x1500", 3, Stage.MATERIAL, 1),
    ("P-2003", 0, "mild_steel", "6.0", "3000x1500", 8, Stage.CUTTING, 0),
    ("P-2004", 1, "galvanised", "1.2", "2500x1250", 2, Stage.PICKUP, 1),
    ("P-2005", 0, "mild_steel", "3.0", "3000x1500", 5, Stage.DELIVERED, 3),
    ("P-2006", 1, "brass", "2.0", "2500x1250", 1, Stage.CUTTING, 0),
]


SPANISH = {"Laser shop Johannesburg": "Taller láser Johannesburgo", "Laser cell": "Celda láser",
           "Fibre laser 6 kW": "Láser de fibra 6 kW", "Fibre laser 3 kW": "Láser de fibra 3 kW"}


def build_demo() -> None:
    shop = make_shop(stock=40, minimum=10)
    for record in (shop["facility"], shop["line"], *shop["machines"]):
        if not record.name_es and record.name in SPANISH:  # an admin's own label is kept
            record.name_es = SPANISH[record.name]
            record.save(update_fields=["name_es"])
    operator = User.objects.filter(username="demo_laser_operator").first()
    if operator is not None:  # the operator works on the laser cell (floor scoping fails closed)
        operator.departments.add(shop["department"])
    if Project.objects.filter(code="P-2001").exists():
        return
    now = timezone.now()
    clients = [shop["client"], shop["client_es"]]
    for code, client, material, thickness, size, sheets, stage, days in PROJECTS:
        Project.objects.create(code=code, client=clients[client], material_type=material,
                               thickness_mm=Decimal(thickness), sheet_size=size, sheets_required=sheets, stage=stage,
                               state_entered_at=now - dt.timedelta(days=days, hours=2),
                               target_date=(now + dt.timedelta(days=7 - days)).date())
    InventoryItem.objects.get_or_create(material_type="stainless", thickness_mm=Decimal("1.5"),
                                        sheet_size="2500x1250", defaults={"quantity": 3, "minimum": 6})
    InventoryItem.objects.get_or_create(material_type="mild_steel", thickness_mm=Decimal("6.0"),
                                        sheet_size="3000x1500", defaults={"quantity": 12, "minimum": 4})
    InventoryItem.objects.get_or_create(material_type="brass", thickness_mm=Decimal("2.0"),
                                        sheet_size="2500x1250", defaults={"quantity": 2, "minimum": 1})
    Preset.objects.get_or_create(material_type="mild_steel", thickness_mm=Decimal("6.0"), version=1, defaults={
        "power_w": 6000, "speed_mm_min": 1400, "gas": "O2", "pressure_bar": Decimal("0.5"),
        "nozzle_mm": Decimal("1.5"), "focus_mm": Decimal("3.0")})
    if operator is None:
        return
    # yesterday in the shop's own time zone (in UTC it is another day for two hours of every night)
    zone = shop_zone()
    yesterday = today_local(shop["facility"]) - dt.timedelta(days=1)
    for n, (project_code, sheets) in enumerate([("P-1001", 3), ("P-2003", 2), ("P-1001", 4)]):
        project = Project.objects.get(code=project_code)
        began = dt.datetime.combine(yesterday, dt.time(7 + 2 * n, 15), tzinfo=zone)
        run, _ = start_run(project=project, machine=shop["machines"][n % 2], operator=operator,
                           extra_operators=[shop["helper"]] if n == 1 else [], key=f"demo-laser-{n}", at=began)
        end_run(run=run, sheets_used=sheets, parts_cut=20 * sheets, user=operator, key=f"demo-laser-{n}-end",
                at=began + dt.timedelta(minutes=50))
    generate_daily_report()


def start_current_run() -> None:
    """A run under way on the first machine (its own step, after the history: a machine runs one run at a time, so
    the past days' runs on it must be written first)."""
    operator = User.objects.filter(username="demo_laser_operator").first()
    project = Project.objects.filter(code="P-2003").first()
    machine = shop_machines().order_by("code").first()
    if None in (operator, project, machine):
        return
    start_run(project=project, machine=machine, operator=operator, key="demo-laser-running")
