"""Label PDFs for orders, ERP jobs, machines and lots, read back with pypdf: size of the page, code and text."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from erp.models import InventoryLot, Job, Part
from portal.labels.codes import code128_svg
from portal.testing.factories import MachineFactory
from production.models import ProductionOrder

pytestmark = pytest.mark.django_db(databases=["default", "erp"])
POINTS_PER_INCH = 72


def read(response) -> PdfReader:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


@pytest.fixture
def admin_client(client, shop):
    client.force_login(shop["admin"])
    return client


def test_order_labels_on_4x6_stock_one_per_page_with_the_code(admin_client):
    ProductionOrder.objects.create(number="PO-1001", erp_job="J-55")
    ProductionOrder.objects.create(number="PO-1002")
    pdf = read(admin_client.post("/labels/", {"kind": "order", "codes": "po-1001\nPO-1002",
                                                         "size": "4x6", "copies": 2}))
    assert len(pdf.pages) == 4  # two orders, two copies each
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (4 * POINTS_PER_INCH, 6 * POINTS_PER_INCH)
    body = text(pdf)
    assert body.count("PO-1001") == 2 and "J-55" in body and "PO-1002" in body


def test_machines_on_an_a4_sheet_of_24_and_small_2x1_labels(admin_client, shop):
    for n in range(30):
        MachineFactory(line=shop["assembly"], code=f"M{n:02d}", name=f"Press {n}")
    codes = "\n".join(f"M{n:02d}" for n in range(30))
    sheet = read(admin_client.post("/labels/", {"kind": "machine", "codes": codes, "size": "a4-24",
                                                           "copies": 1}))
    assert len(sheet.pages) == 2  # 24 + 6
    assert round(float(sheet.pages[0].mediabox.width)) == 595  # A4
    assert "M00" in sheet.pages[0].extract_text() and "M29" in sheet.pages[1].extract_text()
    small = read(admin_client.post("/labels/", {"kind": "machine", "codes": "M07", "size": "2x1",
                                                           "copies": 1}))
    box = small.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (2 * POINTS_PER_INCH, 1 * POINTS_PER_INCH)
    assert "M07" in text(small)


def test_erp_job_and_lot_labels(admin_client, erp_rows):
    erp_rows(Part, [{"part_number": "FG-9", "description": "Widget", "part_type": "FG", "uom": "EA",
                     "unit_cost": D("1"), "unit_price": D("2"), "business_unit": "X"}])
    erp_rows(Job, [{"job_number": "J-900", "part": "FG-9", "facility": "PLT1", "line_code": "L1",
                    "created_date": dt.date(2026, 10, 2), "quantity_required": D("250"), "status": "RELEASED"}])
    erp_rows(InventoryLot, [{"part": "FG-9", "lot_number": "LOT-7", "facility": "PLT1", "quantity": D("5"),
                             "status": "APPROVED", "receipt_date": dt.date(2026, 9, 1)}])
    job = text(read(admin_client.post("/labels/", {"kind": "job", "codes": "J-900", "size": "4x6",
                                                              "copies": 1})))
    assert "J-900" in job and "FG-9" in job and "250" in job
    lot = text(read(admin_client.post("/labels/", {"kind": "lot", "codes": "LOT-7", "size": "4x6",
                                                              "copies": 1})))
    assert "LOT-7" in lot and "2026-09-01" in lot


def test_unknown_codes_are_named_and_nothing_is_printed(admin_client):
    ProductionOrder.objects.create(number="PO-1")
    page = admin_client.post("/labels/", {"kind": "order", "codes": "PO-1\nNOPE-9", "size": "4x6",
                                                     "copies": 1})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "NOPE-9" in page.content.decode() and "Not found" in page.content.decode()
    too_many = admin_client.post("/labels/", {"kind": "order", "codes": "PO-1", "size": "4x6",
                                                         "copies": 999})
    assert too_many.status_code == 200 and "Ensure this value" in too_many.content.decode()


def test_code128_symbol_encodes_the_code():
    svg = code128_svg("PO-1001").decode()
    assert svg.count("<rect") > 20  # bars drawn, not text
