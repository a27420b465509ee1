"""A hand-made ERP scenario for the scheduling tests, with its figures computed by hand.

T = today, ME = the last day of this month, M1 = the 1st of this month.

Open lines (facility, BU, type):
  L1 SO1/1 C1 FG-A ordered 100 shipped 40 (open 60) $2.50    due T-14 (overdue)  CHI HOME STANDARD
  L2 SO1/2 C1 FG-B ordered  10 shipped  0 (open 10) $12.3456 due ME              CHI CARE STANDARD
  L3 SO2/1 C2 FG-A ordered  50 shipped  0 (open 50) $3.00    due ME+1 (next mo.) MTY HOME BLANKET
Not open: L4 SO2/2 C2 FG-B 5 of 5 shipped, CLOSED.

Projections (``projected`` fixture): L1 low 30 / high 20, L2 low 4 / high 6, L3 low 10 / high 40
  values L1 75.00 / 50.00, L2 49.3824 / 74.0736, L3 30.00 / 120.00
  -> projected low 154.3824 = 154.38, high 244.0736 = 244.07
  -> likely (due by ME: L1, L2) 124.3824 = 124.38; potential 124.3824 + 124.0736 = 248.456 = 248.46

FG lots (unit cost FG-A $2, FG-B $10): A 10 APPROVED T (20.00), A 5 PENDING_QC T-30 (10.00) -> 0-30: 30.00;
  B 3 APPROVED T-31 (30.00), B 1 APPROVED T-90 (10.00) -> 31-90: 40.00; A 7 APPROVED T-91 at MTY -> >90: 14.00.
  Left out: A 100 on HOLD, a component lot. CHI only: 30.00 / 40.00 / 0.00.
Shipments: T 100.00 (CHI), M1 23.45 (MTY) -> 123.45 this month; M1-1 999.00 and T+1 500.00 are not counted.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from erp.models import Customer, InventoryLot, Part, SalesOrder, SalesOrderLine, Shipment
from portal.testing.factories import UserFactory
from scheduling.services.projections import set_projection

PASSWORD = "correct-horse-battery"


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def scenario(erp_rows, today) -> dict:
    me, m1 = month_end(today), today.replace(day=1)
    erp_rows(Customer, [{"customer_code": "C1", "name": "Acme Foods"}, {"customer_code": "C2", "name": "Beta Corp"}])
    erp_rows(Part, [
        {"part_number": "FG-A", "description": "Soap bar", "part_type": "FG", "uom": "EA", "unit_cost": 2,
         "business_unit": "HOME"},
        {"part_number": "FG-B", "description": "Shampoo", "part_type": "FG", "uom": "EA", "unit_cost": 10,
         "business_unit": "CARE"},
        {"part_number": "C-X", "description": "Resin", "part_type": "COMP", "uom": "KG", "unit_cost": 100},
    ])
    erp_rows(SalesOrder, [
        {"so_number": "SO1", "customer_code": "C1", "order_date": today, "order_type": "STANDARD",
         "facility": "CHI", "customer_po": "PO-77"},
        {"so_number": "SO2", "customer_code": "C2", "order_date": today, "order_type": "BLANKET", "facility": "MTY"},
    ])
    chi = {"customer_code": "C1", "so_number": "SO1", "order_type": "STANDARD", "facility": "CHI"}
    mty = {"customer_code": "C2", "so_number": "SO2", "order_type": "BLANKET", "facility": "MTY"}
    lines = erp_rows(SalesOrderLine, [
        {"line_number": 1, "part_number": "FG-A", "quantity_ordered": 100, "quantity_shipped": 40, "unit_price": "2.50",
         "due_date": today - dt.timedelta(days=14), "business_unit": "HOME", **chi},
        {"line_number": 2, "part_number": "FG-B", "quantity_ordered": 10, "quantity_shipped": 0,
         "unit_price": "12.3456", "due_date": me, "business_unit": "CARE", **chi},
        {"line_number": 1, "part_number": "FG-A", "quantity_ordered": 50, "quantity_shipped": 0, "unit_price": "3.00",
         "due_date": me + dt.timedelta(days=1), "business_unit": "HOME", **mty},
        {"line_number": 2, "part_number": "FG-B", "quantity_ordered": 5, "quantity_shipped": 5, "unit_price": 9,
         "due_date": today, "business_unit": "CARE", "status": "CLOSED", **mty},
    ])
    lot = {"lot_number": "LOT", "facility": "CHI"}
    erp_rows(InventoryLot, [
        {**lot, "lot_number": "A1", "part_number": "FG-A", "quantity": 10, "status": "APPROVED", "receipt_date": today},
        {**lot, "lot_number": "A2", "part_number": "FG-A", "quantity": 5, "status": "PENDING_QC",
         "receipt_date": today - dt.timedelta(days=30)},
        {**lot, "lot_number": "B1", "part_number": "FG-B", "quantity": 3, "status": "APPROVED",
         "receipt_date": today - dt.timedelta(days=31)},
        {**lot, "lot_number": "B2", "part_number": "FG-B", "quantity": 1, "status": "APPROVED",
         "receipt_date": today - dt.timedelta(days=90)},
        {**lot, "lot_number": "A3", "part_number": "FG-A", "quantity": 7, "status": "APPROVED", "facility": "MTY",
         "receipt_date": today - dt.timedelta(days=91)},
        {**lot, "lot_number": "A4", "part_number": "FG-A", "quantity": 100, "status": "HOLD", "receipt_date": today},
        {**lot, "lot_number": "X1", "part_number": "C-X", "quantity": 1, "status": "APPROVED", "receipt_date": today},
    ])
    ship = {"quantity": 1, "customer_code": "C2", "part_number": "FG-B", "so_number": "SO2", "so_line_id": lines[3].pk}
    erp_rows(Shipment, [
        {"shipment_number": "PS1", "ship_date": today, "unit_price": 100, "value": "100.00", "facility": "CHI", **ship},
        {"shipment_number": "PS2", "ship_date": m1, "unit_price": "23.45", "value": "23.45", "facility": "MTY", **ship},
        {"shipment_number": "PS3", "ship_date": m1 - dt.timedelta(days=1), "unit_price": 999, "value": "999.00",
         "facility": "CHI", **ship},
        {"shipment_number": "PS4", "ship_date": today + dt.timedelta(days=1), "unit_price": 500, "value": "500.00",
         "facility": "CHI", **ship},
    ])
    return {"lines": lines, "today": today}


@pytest.fixture
def planner(db):
    return UserFactory(username="planner", first_name="Pat", last_name="Planner", roles=["Scheduling_Admin"])


@pytest.fixture
def other_planner(db):
    return UserFactory(username="planner2", first_name="Olga", last_name="Other", roles=["Scheduling_Admin"])


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", roles=["Scheduling_User"])


@pytest.fixture
def projected(scenario, planner) -> dict:
    """The scenario with the projections of its docstring, entered by ``planner``."""
    l1, l2, l3, _l4 = scenario["lines"]
    for line, low, high in ((l1, 30, 20), (l2, 4, 6), (l3, 10, 40)):
        set_projection(line.pk, "low_risk", low, 0, planner)
        set_projection(line.pk, "high_risk", high, 1, planner)
    return scenario


D = Decimal
