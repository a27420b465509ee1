"""The hand-made ERP of the Finance tests (see test_pages.py's docstring for its figures)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from erp.models import BomHeader, BomLine, Customer, Part, SalesOrder, SalesOrderLine
from finance.models import Scenario, ScenarioUnitChange


def _part(number, kind, cost, price=None, bu="Home"):
    return {"part_number": number, "description": f"{number} thing", "part_type": kind, "uom": "EA",
            "unit_cost": D(cost), "unit_price": None if price is None else D(price), "business_unit": bu}


@pytest.fixture
def erp(erp_rows):
    today = timezone.localdate()
    erp_rows(Part, [_part("FG-X", "FG", "99", "20"), _part("FG-Y", "FG", "1", "0.26"), _part("SA-1", "COMP", "42"),
                    _part("RES", "COMP", "10", bu="Chem"), _part("LAB", "COMP", "0.1"), _part("BOT", "COMP", "0.25")])
    erp_rows(BomHeader, [
        {"id": 1, "parent": "FG-X", "revision": "A", "active": False, "effective_date": today - dt.timedelta(days=90)},
        {"id": 2, "parent": "FG-X", "revision": "B", "active": True, "effective_date": today - dt.timedelta(days=9)},
        {"id": 3, "parent": "SA-1", "revision": "A", "active": True, "effective_date": today},
        {"id": 4, "parent": "FG-Y", "revision": "A", "active": True, "effective_date": today},
    ])

    def line(id, bom, seq, component, qty, scrap="0"):
        return {"id": id, "bom": bom, "sequence": seq, "component": component, "quantity_per": D(qty),
                "scrap_percent": D(scrap)}

    erp_rows(BomLine, [line(1, 1, 10, "BOT", "1"), line(2, 1, 20, "LAB", "1"),
                       line(3, 2, 10, "SA-1", "2", "10"), line(4, 2, 20, "BOT", "1"),
                       line(5, 3, 10, "RES", "0.5", "4"), line(6, 3, 20, "LAB", "3"), line(7, 4, 10, "BOT", "1")])
    erp_rows(Customer, [{"customer_code": "CU1", "name": "Acme"}])
    erp_rows(SalesOrder, [{"so_number": "SO-1", "customer": "CU1", "order_date": today, "order_type": "STANDARD",
                           "facility": "CHI"}])
    erp_rows(SalesOrderLine, [{
        "id": 1, "sales_order": "SO-1", "line_number": 1, "customer": "CU1", "part": "FG-X", "quantity_ordered": D(5),
        "quantity_shipped": D(0), "due_date": today, "unit_price": D("15"), "order_type": "STANDARD",
        "facility": "CHI", "business_unit": "Home", "status": "OPEN"}])


@pytest.fixture
def resin(db):
    scenario = Scenario.objects.create(name="resin +12 %", margin_threshold=D(35))
    ScenarioUnitChange.objects.create(scenario=scenario, business_unit="Chem", percent=D(12))
    return scenario


