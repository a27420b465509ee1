"""A hand-made ERP scenario for the customer sales analysis tests, with its figures computed by hand.

Customer C1 "Acme Foods", relative to ``today`` (Y = today's year):

Open lines (status OPEN and ordered > shipped):
  SO1/1 FG-A ordered 100, shipped 40, 2.50 each, due today − 14 (late)  open 60 → 150.00
  SO1/2 FG-B ordered  10, shipped  0, 12.3456,   due today + 16         open 10 → 123.456
  SO2/1 FG-A ordered  20, shipped  0, 3.00,      due today (not late)   open 20 →  60.00
Not open: SO3/1 CLOSED and shipped complete, SO3/2 short-closed (CLOSED, 3 of 8 shipped),
          SO3/3 status OPEN but fully shipped. C2's SO9/1 is another customer's.
  -> open value 333.456 = 333.46; open orders 2 (SO1, SO2); open lines 3; late 1; average 166.728 = 166.73.
  -> top products: FG-A 80 units 210.00 (2 lines), FG-B 10 units 123.46 (1 line).

Shipments of C1: this year 1 Jan 100.00, mid-year 250.50, today 49.50 (YTD 400.00), tomorrow 1000.00 (after
today: never counted); last year 5 Jan 5.00, same day 30.00 (prior YTD 35.00), 31 Dec 70.00; two years ago 999.
C2 has a 5,000.00 shipment this year. C3 "Empty Co" has nothing at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from erp.models import Customer, Part, SalesOrder, SalesOrderLine, Shipment

YTD = Decimal("400.00")
PRIOR_YTD = Decimal("35.00")
OPEN_VALUE = Decimal("333.46")
AVERAGE = Decimal("166.73")


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def build(erp_rows, today: dt.date) -> dict:
    year = today.year
    jan1 = dt.date(year, 1, 1)
    customers = erp_rows(Customer, [
        {"customer_code": "C1", "name": "Acme Foods", "city": "Monterrey", "country": "MX"},
        {"customer_code": "C2", "name": "Other Ltd"},
        {"customer_code": "C3", "name": "Empty Co"},
    ])
    erp_rows(Part, [
        {"part_number": "FG-A", "description": "Soap bar", "part_type": "FG", "uom": "EA", "unit_cost": 1},
        {"part_number": "FG-B", "description": "Shampoo", "part_type": "FG", "uom": "EA", "unit_cost": 1},
        {"part_number": "FG-C", "description": "Lotion", "part_type": "FG", "uom": "EA", "unit_cost": 1},
    ])
    order = {"order_date": today - dt.timedelta(days=30), "order_type": "STANDARD", "facility": "CHI"}
    erp_rows(SalesOrder, [
        {"so_number": "SO1", "customer_code": "C1", "customer_po": "PO-77", **order},
        {"so_number": "SO2", "customer_code": "C1", **order},
        {"so_number": "SO3", "customer_code": "C1", **order},
        {"so_number": "SO9", "customer_code": "C2", **order},
    ])
    line = {"order_type": "STANDARD", "facility": "CHI"}
    lines = erp_rows(SalesOrderLine, [
        {"so_number": "SO1", "line_number": 1, "customer_code": "C1", "part_number": "FG-A", "quantity_ordered": 100,
         "quantity_shipped": 40, "unit_price": "2.50", "due_date": today - dt.timedelta(days=14), **line},
        {"so_number": "SO1", "line_number": 2, "customer_code": "C1", "part_number": "FG-B", "quantity_ordered": 10,
         "quantity_shipped": 0, "unit_price": "12.3456", "due_date": today + dt.timedelta(days=16), **line},
        {"so_number": "SO2", "line_number": 1, "customer_code": "C1", "part_number": "FG-A", "quantity_ordered": 20,
         "quantity_shipped": 0, "unit_price": "3.00", "due_date": today, **line},
        {"so_number": "SO3", "line_number": 1, "customer_code": "C1", "part_number": "FG-C", "quantity_ordered": 5,
         "quantity_shipped": 5, "unit_price": 100, "due_date": today, "status": "CLOSED", **line},
        {"so_number": "SO3", "line_number": 2, "customer_code": "C1", "part_number": "FG-B", "quantity_ordered": 8,
         "quantity_shipped": 3, "unit_price": 9, "due_date": today, "status": "CLOSED", **line},
        {"so_number": "SO3", "line_number": 3, "customer_code": "C1", "part_number": "FG-C", "quantity_ordered": 4,
         "quantity_shipped": 4, "unit_price": 1, "due_date": today, "status": "OPEN", **line},
        {"so_number": "SO9", "line_number": 1, "customer_code": "C2", "part_number": "FG-A", "quantity_ordered": 1000,
         "quantity_shipped": 0, "unit_price": 1, "due_date": today, **line},
    ])
    mid = jan1 + (today - jan1) // 2
    shipped = [
        ("C1", jan1, "100.00"),
        ("C1", mid, "250.50"),
        ("C1", today, "49.50"),
        ("C1", today + dt.timedelta(days=1), "1000.00"),
        ("C1", dt.date(year - 1, 1, 5), "5.00"),
        ("C1", _same_day_last_year(today), "30.00"),
        ("C1", dt.date(year - 1, 12, 31), "70.00"),
        ("C1", dt.date(year - 2, 12, 31), "999.00"),
        ("C2", jan1, "5000.00"),
    ]
    shipments = erp_rows(Shipment, [
        {"shipment_number": f"PS{index}", "ship_date": day, "so_number": "SO3" if code == "C1" else "SO9",
         "so_line_id": lines[3].pk if code == "C1" else lines[6].pk, "customer_code": code, "part_number": "FG-C",
         "quantity": 1, "unit_price": value, "value": value, "facility": "CHI"}
        for index, (code, day, value) in enumerate(shipped, start=1)
    ])
    return {"customers": customers, "lines": lines, "shipments": shipments, "today": today}
