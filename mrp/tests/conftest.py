"""A hand-made ERP scenario for the adapter, the stored run and the pages (results computed by hand below)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from erp.models import (
    BomHeader,
    BomLine,
    Customer,
    InventoryLot,
    Job,
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
    Vendor,
)


def _part(number, kind="FG", bu="Foods"):
    return {"part_number": number, "description": f"{number} description", "part_type": kind, "uom": "EA",
            "unit_cost": D(1), "unit_price": D(10) if kind == "FG" else None, "business_unit": bu}


@pytest.fixture
def mrp_scenario(erp_rows):
    """Open lines (by due date): L1 FG-A 5 (CU1, SO-1/1, today+1) ready from 5 approved;
    L2 FG-A 4 (CU2, SO-2/1, today+2): 2 approved left -> partial ship? no: 2 approved + 2 pending QC -> PENDING_QC;
    L3 FG-B 10 (CU1, SO-1/2, today+3): job J-2 (older, 3 left) + J-1 (4 left) = 7, r = 3; BOM rev B (active, newest)
       needs C-1 2 per unit + 10 % scrap = 2.2 and C-2 1: C-1 supply 4 approved + 1 PO = 5 -> floor(5/2.2) = 2,
       C-2 supply 10 -> p = 2 of 3, bottleneck C-1, PARTIAL_PRODUCTION_READY; C-1 shortfall 3 × 2.2 - 5 = 1.6;
    L4 FG-C 6 (CU2, SO-3/1, today+20): no BOM -> CRITICAL_SHORTAGE, bottleneck "no BOM";
    L5 FG-B 1 (CU2, SO-3/2, today+40): C-1 left 5 - 4.4 = 0.6 -> p = 0, CRITICAL, shortfall 2.2 - 0.6 = 1.6.
    Not open: a CLOSED line, a line shipped complete. HOLD stock and a closed job are ignored.
    """
    today = timezone.localdate()
    erp_rows(Customer, [{"customer_code": "CU1", "name": "Acme Foods"}, {"customer_code": "CU2", "name": "Núñez SA"}])
    erp_rows(Vendor, [{"vendor_code": "V1", "name": "Vendor one"}])
    erp_rows(Part, [_part("FG-A"), _part("FG-B", bu="Drinks"), _part("FG-C"), _part("C-1", "COMP"),
                    _part("C-2", "COMP")])
    erp_rows(SalesOrder, [
        {"so_number": f"SO-{n}", "customer": c, "order_date": today, "order_type": "STANDARD", "facility": "CHI"}
        for n, c in ((1, "CU1"), (2, "CU2"), (3, "CU2"), (4, "CU1"))
    ])

    def so_line(id, so, n, customer, part, qty, days, shipped=0, status="OPEN"):
        return {"id": id, "sales_order": so, "line_number": n, "customer": customer, "part": part,
                "quantity_ordered": D(qty), "quantity_shipped": D(shipped), "due_date": today + dt.timedelta(days=days),
                "unit_price": D("10.50"), "order_type": "STANDARD", "facility": "CHI",
                "business_unit": "Drinks" if part == "FG-B" else "Foods", "status": status}

    erp_rows(SalesOrderLine, [
        so_line(1, "SO-1", 1, "CU1", "FG-A", 7, 1, shipped=2), so_line(2, "SO-2", 1, "CU2", "FG-A", 4, 2),
        so_line(3, "SO-1", 2, "CU1", "FG-B", 10, 3), so_line(4, "SO-3", 1, "CU2", "FG-C", 6, 20),
        so_line(5, "SO-3", 2, "CU2", "FG-B", 1, 40),
        so_line(6, "SO-4", 1, "CU1", "FG-A", 9, 0, status="CLOSED"), so_line(7, "SO-4", 2, "CU1", "FG-A", 3, 0, 3),
    ])

    def lot(id, part, qty, status):
        return {"id": id, "part": part, "lot_number": f"L{id}", "facility": "CHI", "quantity": D(qty),
                "status": status, "receipt_date": today}

    erp_rows(InventoryLot, [lot(1, "FG-A", 4, "APPROVED"), lot(2, "FG-A", 3, "APPROVED"),
                            lot(3, "FG-A", 2, "PENDING_QC"), lot(4, "FG-A", 50, "HOLD"),
                            lot(5, "C-1", 4, "APPROVED"), lot(6, "C-2", 10, "PENDING_QC")])

    def job(number, part, required, completed, created_days_ago, status="RELEASED"):
        return {"job_number": number, "part": part, "quantity_required": D(required),
                "quantity_completed": D(completed), "status": status, "facility": "CHI", "line_code": "L1",
                "created_date": today - dt.timedelta(days=created_days_ago)}

    erp_rows(Job, [job("J-1", "FG-B", 4, 0, 1), job("J-2", "FG-B", 5, 2, 10), job("J-3", "FG-B", 9, 0, 20, "CLOSED")])
    erp_rows(BomHeader, [
        {"id": 1, "parent": "FG-B", "revision": "A", "active": True, "effective_date": today - dt.timedelta(days=400)},
        {"id": 2, "parent": "FG-B", "revision": "B", "active": True, "effective_date": today - dt.timedelta(days=30)},
        {"id": 3, "parent": "FG-A", "revision": "A", "active": False, "effective_date": today},
    ])
    erp_rows(BomLine, [
        {"id": 1, "bom": 1, "sequence": 10, "component": "C-2", "quantity_per": D(100), "scrap_percent": D(0)},
        {"id": 2, "bom": 2, "sequence": 10, "component": "C-1", "quantity_per": D(2), "scrap_percent": D(10)},
        {"id": 3, "bom": 2, "sequence": 20, "component": "C-2", "quantity_per": D(1), "scrap_percent": D(0)},
        {"id": 4, "bom": 3, "sequence": 10, "component": "C-2", "quantity_per": D(1), "scrap_percent": D(0)},
    ])
    erp_rows(PurchaseOrder, [{"po_number": "PO-1", "vendor": "V1", "order_date": today, "facility": "CHI"}])
    erp_rows(PurchaseOrderLine, [
        {"id": 1, "purchase_order": "PO-1", "line_number": 1, "vendor": "V1", "part": "C-1",
         "quantity_ordered": D(3), "quantity_received": D(2), "due_date": today, "unit_cost": D(1), "status": "OPEN",
         "facility": "CHI"},
        {"id": 2, "purchase_order": "PO-1", "line_number": 2, "vendor": "V1", "part": "C-1",
         "quantity_ordered": D(50), "quantity_received": D(0), "due_date": today, "unit_cost": D(1),
         "status": "CLOSED", "facility": "CHI"},
    ])
    return today


@pytest.fixture
def stored_run(mrp_scenario, role_user):
    from mrp.services import execute_run, request_run

    run, _ = request_run(role_user("Scheduling_Admin"))
    return execute_run(run)
