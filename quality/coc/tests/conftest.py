import datetime as dt
from decimal import Decimal as D

import pytest

from erp.models import Customer, InventoryLot, Job, JobMaterialTransaction, Part, SalesOrder, SalesOrderLine


@pytest.fixture
def yield_scenario(erp_rows):
    """Job J-1 (closed) makes FG-1 for ACME (SO-1 line 2, PO 'PO-777'); hand-computed yield:

    C-1 ($2.00/KG) lot LA: issued 100, de-issued 10, relieved 85, scrap 3 -> net 90, loss 5, $10.00, 5.6 %;
                    lot LB: issued 50, relieved 48 -> net 50, loss 2, $4.00, 4.0 %;
                    C-1 total: issued 150, de-issued 10, net 140, relieved 133, loss 7, $14.00, 5.0 %.
    C-2 ($0.50/EA, not lot-controlled): issued 1000, relieved 960 -> loss 40, $20.00, 4.0 %.
    Job: yield cost $34.00; issued cost 140 × 2 + 1000 × 0.5 = $780; loss % = 34 / 780 × 100 = 4.4 %.
    Ending inventory: LA 40 approved + 5 on hold = 45; LB used up = 0. J-2 (open) has no transactions.
    """
    erp_rows(Part, [
        {"part_number": "FG-1", "description": "Bottled shampoo 1 L", "part_type": "FG", "uom": "EA",
         "unit_cost": D("3"), "unit_price": D("5"), "business_unit": "Care"},
        {"part_number": "C-1", "description": "Shampoo base", "part_type": "COMP", "uom": "KG",
         "unit_cost": D("2"), "unit_price": None, "business_unit": "Care"},
        {"part_number": "C-2", "description": "Cap 28 mm", "part_type": "COMP", "uom": "EA",
         "unit_cost": D("0.5"), "unit_price": None, "business_unit": "Care"},
    ])
    erp_rows(Customer, [{"customer_code": "ACME", "name": "Acme Retail", "active": True}])
    erp_rows(SalesOrder, [{"so_number": "SO-1", "customer": "ACME", "order_date": dt.date(2026, 10, 1),
                           "customer_po": "PO-777", "order_type": "STANDARD", "facility": "PLT1"}])
    erp_rows(SalesOrderLine, [{"id": 11, "sales_order": "SO-1", "line_number": 2, "customer": "ACME", "part": "FG-1",
                               "quantity_ordered": D("1000"), "quantity_shipped": D("0"),
                               "due_date": dt.date(2026, 11, 1), "unit_price": D("5"), "order_type": "STANDARD",
                               "facility": "PLT1", "status": "OPEN"}])
    base = {"part": "FG-1", "facility": "PLT1", "line_code": "L1", "created_date": dt.date(2026, 10, 2)}
    erp_rows(Job, [
        {**base, "job_number": "J-1", "sales_order": "SO-1", "sales_order_line": 11, "quantity_required": D("1000"),
         "quantity_completed": D("960"), "status": "CLOSED", "release_date": dt.date(2026, 10, 3),
         "due_date": dt.date(2026, 10, 20), "closed_date": dt.date(2026, 10, 18)},
        {**base, "job_number": "J-2", "quantity_required": D("10"), "status": "RELEASED"},
    ])
    day = dt.date(2026, 10, 5)
    moves = [("C-1", "LA", "ISSUE", "100"), ("C-1", "LA", "DEISSUE", "10"), ("C-1", "LA", "RELIEVE", "85"),
             ("C-1", "LA", "SCRAP", "3"), ("C-1", "LB", "ISSUE", "50"), ("C-1", "LB", "RELIEVE", "48"),
             ("C-2", None, "ISSUE", "1000"), ("C-2", None, "RELIEVE", "960")]
    erp_rows(JobMaterialTransaction, [
        {"job": "J-1", "component": part, "lot_number": lot, "transaction_type": kind, "quantity": D(qty),
         "transaction_date": day} for part, lot, kind, qty in moves
    ])
    erp_rows(InventoryLot, [
        {"part": "C-1", "lot_number": "LA", "facility": "PLT1", "quantity": D("40"), "status": "APPROVED",
         "receipt_date": dt.date(2026, 9, 1)},
        {"part": "C-1", "lot_number": "LA", "facility": "PLT2", "quantity": D("5"), "status": "HOLD",
         "receipt_date": dt.date(2026, 9, 1)},
    ])
