"""Material availability, hand-computed. FG-X = 2 × SA-1 (scrap 10 %) + 1 × BOT; SA-1 = 0.5 × RES (scrap 4 %) +
3 × LAB (the ERP of conftest.py). For 10 FG-X:

- SA-1 needs 10 × 2 × 1.10 = 22; 5 approved in stock -> 17 to build.
- RES: 17 × 0.5 × 1.04 = 8.84: 4 approved + 2 pending QC + 2.84 from POs (PO-1 2 due in 5 days, PO-2 5 due in
  12 days: both needed, ready in 12 days).
- LAB: 17 × 3 = 51: 40 approved (a lot on hold does not count) -> 11 short.
- BOT: 10 × 1 = 10: 6 approved -> 4 short; no PO.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from erp.models import BomLine, InventoryLot, PurchaseOrder, PurchaseOrderLine, Vendor
from finance.engine.availability import PoReceipt, availability
from finance.engine.costing import BomCycleError
from finance.engine.costing import BomLine as Line
from finance.services.availability import material_availability

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


@pytest.fixture
def stock(erp, erp_rows):
    today = timezone.localdate()

    def lot(id, part, qty, status="APPROVED"):
        return {"id": id, "part": part, "lot_number": f"L{id}", "facility": "CHI", "quantity": D(qty),
                "status": status, "receipt_date": today}

    erp_rows(InventoryLot, [lot(1, "SA-1", "5"), lot(2, "RES", "4"), lot(3, "RES", "2", "PENDING_QC"),
                            lot(4, "LAB", "40"), lot(5, "LAB", "100", "HOLD"), lot(6, "BOT", "6")])
    erp_rows(Vendor, [{"vendor_code": "V1", "name": "Resins Inc."}])
    erp_rows(PurchaseOrder, [{"po_number": "PO-1", "vendor": "V1", "order_date": today, "buyer": "B",
                              "facility": "CHI"},
                             {"po_number": "PO-2", "vendor": "V1", "order_date": today, "buyer": "B",
                              "facility": "CHI"}])

    def po_line(id, po, due_in, ordered, received="0", status="OPEN"):
        return {"id": id, "purchase_order": po, "line_number": 1, "vendor": "V1", "part": "RES",
                "quantity_ordered": D(ordered), "quantity_received": D(received),
                "due_date": today + dt.timedelta(days=due_in), "unit_cost": D(10), "status": status,
                "facility": "CHI"}

    erp_rows(PurchaseOrderLine, [po_line(1, "PO-1", 5, "3", "1"), po_line(2, "PO-2", 12, "5")])
    return today


def test_hand_computed_availability_through_a_sub_assembly(stock):
    result, descriptions = material_availability("fg-x", D(10))
    lines = {line.part: line for line in result.lines}
    sa = lines["SA-1"]
    assert (sa.required, sa.from_approved, sa.to_build, sa.shortfall) == (D("22.0"), D(5), D("17.0"), 0)
    res = lines["RES"]
    assert (res.level, res.path, res.required) == (2, ("FG-X", "SA-1"), D("8.840"))
    assert (res.from_approved, res.from_pending_qc, res.from_po, res.shortfall) == (D(4), D(2), D("2.840"), 0)
    assert [r.po_number for r in res.receipts] == ["PO-1", "PO-2"]
    assert res.ready_on == stock + dt.timedelta(days=12)
    assert (lines["LAB"].required, lines["LAB"].shortfall) == (D("51.0"), D("11.0"))
    assert (lines["BOT"].required, lines["BOT"].shortfall) == (D(10), D(4))
    assert [line.part for line in result.shortages] == ["BOT", "LAB"]  # BOM levels depth first, by part
    assert result.ready_on is None and not result.buildable_now
    assert descriptions["RES"] == "RES thing"


def test_a_part_used_twice_shares_its_supply_and_pos_are_waited_for_in_due_order():
    boms = {"P": [Line("A", D(1)), Line("S", D(1))], "S": [Line("A", D(2))]}
    day = dt.date(2026, 12, 1)
    receipts = {"A": [PoReceipt("PO-LATE", 1, day + dt.timedelta(days=9), D(10)),
                      PoReceipt("PO-SOON", 1, day, D(3))]}
    result = availability("P", D(4), boms, {"A": (D(5), D(0))}, receipts)
    first, sub, second = result.lines
    assert (first.part, first.from_approved, first.from_po) == ("A", D(4), 0)
    # The second use of A finds 1 approved left, then the soonest PO first.
    assert (second.required, second.from_approved, second.from_po, second.shortfall) == (D(8), D(1), D(7), 0)
    assert [r.po_number for r in second.receipts] == ["PO-SOON", "PO-LATE"]
    assert result.ready_on == day + dt.timedelta(days=9)


def test_a_cycle_names_its_parts():
    with pytest.raises(BomCycleError) as error:
        availability("P", D(1), {"P": [Line("S", D(1))], "S": [Line("P", D(1))]}, {}, {})
    assert error.value.cycle == ["P", "S", "P"]


def test_page_shows_shortages_and_po_dates_and_rejects_bad_input(stock, client_for, erp_rows):
    client = client_for("Finance")
    page = client.get(reverse("finance:availability"), {"product": "FG-X", "quantity": "10"})
    body = page.content.decode()
    assert page.status_code == 200 and "2 components are short." in body and "PO-2/1" in body
    for bad in ({"product": "FG-X", "quantity": "-3"}, {"product": "FG-X", "quantity": "lots"},
                {"product": "NOPE", "quantity": "1"}, {"product": "FG-X", "quantity": "1e30"}):
        response = client.get(reverse("finance:availability"), bad)
        assert response.status_code == 200 and "is-invalid" in response.content.decode(), bad
    erp_rows(BomLine, [{"id": 9, "bom": 3, "sequence": 30, "component": "FG-X", "quantity_per": D(1),
                        "scrap_percent": D(0)}])
    cycle = client.get(reverse("finance:availability"), {"product": "FG-X", "quantity": "1"}).content.decode()
    assert "FG-X -&gt; SA-1 -&gt; FG-X" in cycle
    assert client_for("DowntimeTracker_User").get(reverse("finance:availability")).status_code == 403


def test_api_availability(stock, client_for):
    client = client_for("Finance")
    body = client.get("/api/finance/availability/", {"product": "FG-X", "quantity": "10"}).json()
    assert body["short_parts"] == ["BOT", "LAB"] and body["buildable_now"] is False
    res = next(line for line in body["lines"] if line["part"] == "RES")
    assert D(res["from_po"]) == D("2.84") and [r["po_number"] for r in res["receipts"]] == ["PO-1", "PO-2"]
    assert client.get("/api/finance/availability/", {"product": "FG-X", "quantity": "0"}).status_code == 400
    assert client.get("/api/finance/availability/", {"product": "NOPE", "quantity": "1"}).status_code == 400
