import datetime as dt
from decimal import Decimal as D

import pytest

from erp.models import BomHeader, BomLine, Customer, Part, Vendor

pytest_plugins: list = []


@pytest.fixture
def bom_scenario(erp_rows):
    """FG-1 (rev A old, rev B active) = 2 × SUB-1 (+10 % scrap) + 0.5 × C-2; SUB-1 = 3 × C-1 (5 % scrap).

    Costs: C-1 $1.00, C-2 $4.00. FG-1 rev B per unit: SUB-1 2.2 (costed via C-1: 2.2 × 3.15 = 6.93 → $6.93)
    and C-2 0.5 → $2.00.
    """
    erp_rows(Part, [
        {"part_number": "FG-1", "description": "Finished good one", "part_type": "FG", "uom": "EA",
         "unit_cost": D("10"), "unit_price": D("25"), "business_unit": "BU1"},
        {"part_number": "SUB-1", "description": "Sub-assembly", "part_type": "COMP", "uom": "EA",
         "unit_cost": D("3"), "unit_price": D("0"), "business_unit": "BU1"},
        {"part_number": "C-1", "description": "Resin 東京 grade", "part_type": "COMP", "uom": "KG",
         "unit_cost": D("1"), "unit_price": D("0"), "business_unit": "BU1"},
        {"part_number": "C-2", "description": "Label 100% recycled_paper", "part_type": "COMP", "uom": "EA",
         "unit_cost": D("4"), "unit_price": D("0"), "business_unit": "BU1"},
    ])
    old, current, sub = erp_rows(BomHeader, [
        {"id": 1, "parent": "FG-1", "revision": "A", "active": False, "effective_date": dt.date(2025, 1, 1)},
        {"id": 2, "parent": "FG-1", "revision": "B", "active": True, "effective_date": dt.date(2026, 1, 1)},
        {"id": 3, "parent": "SUB-1", "revision": "A", "active": True, "effective_date": dt.date(2025, 6, 1)},
    ])
    erp_rows(BomLine, [
        {"id": 10, "bom": 1, "sequence": 10, "component": "C-2", "quantity_per": D("9"), "scrap_percent": D("0")},
        {"id": 20, "bom": 2, "sequence": 10, "component": "SUB-1", "quantity_per": D("2"), "scrap_percent": D("10")},
        {"id": 21, "bom": 2, "sequence": 20, "component": "C-2", "quantity_per": D("0.5"), "scrap_percent": D("0")},
        {"id": 30, "bom": 3, "sequence": 10, "component": "C-1", "quantity_per": D("3"), "scrap_percent": D("5")},
    ])
    return {"old": old, "current": current, "sub": sub}


@pytest.fixture
def vendor_and_customer(erp_rows):
    erp_rows(Vendor, [{"vendor_code": "V1", "name": "O'Brien & Sons"}, {"vendor_code": "V2", "name": "Núñez SA"}])
    erp_rows(Customer, [{"customer_code": "CU1", "name": "Acme 東京"}])
