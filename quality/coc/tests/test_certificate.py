"""Certificate of Compliance: the figures per lot (hand-computed), the pages, the issued PDF read back."""

import hashlib
import io
from decimal import Decimal as D

import pytest
from django.db import connections
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from erp.models import InventoryLot, Job, JobMaterialTransaction, Part
from quality.coc.models import Certificate, ComplianceStatement
from quality.coc.services.certificate import certificate_data

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def reporter(client, role_user):
    """Reads reports (view_reports) but may not issue a certificate."""
    client.force_login(role_user("Scheduling_User", first_name="Rita", last_name="Vega"))
    return client


@pytest.fixture
def issuer(client, role_user):
    """A quality inspector: issuing a certificate is the quality roles' own capability."""
    client.force_login(role_user("Quality_Inspector", first_name="Ana", last_name="Ruiz"))
    return client


def test_hand_computed_yield_per_lot_component_and_job(yield_scenario):
    data = certificate_data(Job.objects.get(job_number="J-1"))
    c1, c2 = data.components
    la, lb = c1.lots
    # LA: 100 issued = 85 packaged + 10 returned + 5 lost (3 of them recorded scrap)
    assert (la.lot_number, la.starting, la.packaged, la.ending, la.loss) == ("LA", D(100), D(85), D(10), D(5))
    assert la.yield_cost == D(10) and la.loss_percent == D(5) and la.scrap_recorded == D(3)
    assert (lb.starting, lb.packaged, lb.ending, lb.loss, lb.yield_cost) == (D(50), D(48), D(0), D(2), D(4))
    assert (c1.figures.starting, c1.figures.packaged, c1.figures.ending, c1.figures.loss) == (D(150), D(133), D(10),
                                                                                             D(7))
    assert c1.figures.yield_cost == D(14) and round(c1.figures.loss_percent, 2) == D("4.67")
    assert c2.lots[0].lot_number is None and c2.figures.yield_cost == D(20)
    # cost-weighted: 34 / (150 × 2 + 1000 × 0.5) = 4.25 %
    assert data.totals.yield_cost == D(34) and data.totals.loss_percent == D("4.25")
    assert data.lot_count == 3


def test_ending_inventory_is_what_came_back_from_the_job_not_the_lots_stock_today(issuer, erp_rows, yield_scenario):
    """The issue's own rows: L250824-01277 took 1,508, packaged 1,453, 25 scrapped and 20 returned: 1,508 = 1,453 +
    20 + 35; L250914-01285 holds 180,401 in stock today (other jobs' business), the job took 1,502 of it."""
    erp_rows(Part, [{"part_number": "PK-7", "description": "Label", "part_type": "COMP", "uom": "EA",
                     "unit_cost": D("0.25"), "unit_price": None, "business_unit": "Care"}])
    moves = [("L250824-01277", "ISSUE", 1508), ("L250824-01277", "RELIEVE", 1453), ("L250824-01277", "SCRAP", 25),
             ("L250824-01277", "DEISSUE", 20), ("L250914-01285", "ISSUE", 1502), ("L250914-01285", "RELIEVE", 1453)]
    erp_rows(JobMaterialTransaction, [
        {"job": "J-1", "component": "PK-7", "lot_number": lot, "transaction_type": kind, "quantity": D(qty),
         "transaction_date": "2026-10-06"} for lot, kind, qty in moves])
    erp_rows(InventoryLot, [{"part": "PK-7", "lot_number": "L250914-01285", "facility": "PLT2",
                             "quantity": D("180401"), "status": "APPROVED", "receipt_date": "2026-09-14"}])
    section = next(s for s in certificate_data(Job.objects.get(job_number="J-1")).components
                   if s.figures.part_number == "PK-7")
    first, second = section.lots
    assert (first.starting, first.packaged, first.ending, first.loss) == (D(1508), D(1453), D(20), D(35))
    assert round(first.loss_percent, 2) == D("2.32") and first.yield_cost == D("8.75")
    assert (second.starting, second.ending, second.loss) == (D(1502), D(0), D(49))
    html = issuer.get("/reports/coc/job/J-1/").content.decode()
    assert "180,401" not in html and "180401" not in html


def test_every_lot_row_of_demo_job_j100001_reconciles_to_the_unit(erp_data):
    job = Job.objects.get(job_number="J100001")
    data = certificate_data(job)
    assert data.lot_count >= 3
    for section in data.components:
        for lot in section.lots:
            moved = {kind: sum((t.quantity for t in JobMaterialTransaction.objects.filter(
                job=job, component=lot.part_number, lot_number=lot.lot_number, transaction_type=kind)), D(0))
                for kind in ("ISSUE", "RELIEVE", "DEISSUE")}
            # Starting is what the job took, Ending what came back from it, Packaged what went into its output
            assert (lot.starting, lot.packaged, lot.ending) == (moved["ISSUE"], moved["RELIEVE"], moved["DEISSUE"])
            assert lot.starting == lot.packaged + lot.ending + lot.loss
            assert lot.loss_percent == (lot.loss / lot.starting * 100 if lot.starting else 0)
            assert lot.yield_cost == lot.loss * section.figures.unit_cost
        total = section.figures
        assert total.starting == total.packaged + total.ending + total.loss
        assert total.loss == sum(lot.loss for lot in section.lots)


def test_report_page_shows_header_lots_totals_and_formulas(reporter, yield_scenario):
    page = reporter.get("/reports/coc/job/J-1/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Bottled shampoo 1 L", "Acme Retail", "SO-1 / 2", "PO-777", "Lot LA", "Lot LB", "$34.00", "4.25%",
                 "$14.00", "Yield loss = Starting − Packaged − Ending", "Starting = Packaged + Ending + Loss",
                 "Yield loss % = Yield loss ÷ Starting", "Ending inventory (returned)", "yield-report"):
        assert text in html, text
    assert 'data-message="job-open"' not in html  # J-1 is closed


def test_unknown_job_search_and_no_material_messages(issuer, yield_scenario):
    unknown = issuer.get("/reports/coc/", {"job": "NOPE-1"})
    assert unknown.status_code == 200 and 'data-message="unknown-job"' in unknown.content.decode()
    assert issuer.get("/reports/coc/job/NOPE-1/").status_code == 404
    exact = issuer.get("/reports/coc/", {"job": " j-1 "})
    assert exact.status_code == 302 and exact["Location"] == "/reports/coc/job/J-1/"
    found = issuer.get("/reports/coc/", {"job": "acme"}).content.decode()
    assert "/reports/coc/job/J-1/" in found
    empty = issuer.get("/reports/coc/job/J-2/").content.decode()
    assert 'data-message="no-material"' in empty and "Issue PDF" not in empty
    assert issuer.post("/reports/coc/job/J-2/issue/", {"language": "en", "signer_title": "QA",
                                                       "confirm_interim": "on"}).status_code == 302
    assert not Certificate.objects.exists()


def test_issue_stores_the_pdf_which_reads_back_and_is_reproduced_unchanged(issuer, yield_scenario, settings):
    settings.PORTAL_PUBLIC_URL = "http://portal.test.example/"
    response = issuer.post("/reports/coc/job/J-1/issue/", {"language": "en", "signer_title": "Quality Manager"})
    cert = Certificate.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/coc/certificates/{cert.number}/"
    text = pdf_text(bytes(cert.pdf))
    for expected in ("Certificate of Compliance", cert.number, "revision 1", "J-1", "FG-1", "Acme Retail", "PO-777",
                     "LA", "LB", "Ana Ruiz", "Quality Manager", "Page 1 of", "We certify that the goods",
                     "Starting = Packaged + Ending + Loss"):
        assert expected in text, expected
    # The customer's copy prints no internal cost: no unit cost, no yield cost
    assert "$" not in text and "Yield cost" not in text and "INTERIM" not in text
    # The QR's verification address, printed too, on the configured public address
    assert f"http://portal.test.example/reports/coc/certificates/{cert.number}/" in text
    assert "testserver" not in text and "127.0.0.1" not in text
    # Reproduced unchanged, even after the ERP moved on.
    JobMaterialTransaction.objects.filter(job="J-1").count()  # the ERP is read-only; the PDF does not re-render
    download = issuer.get(f"/reports/coc/certificates/{cert.number}/pdf/")
    assert download.content == bytes(cert.pdf) and download["Content-Type"] == "application/pdf"
    assert hashlib.sha256(download.content).hexdigest() == cert.sha256
    verify = issuer.get(cert.get_absolute_url()).content.decode()
    assert cert.sha256 in verify and "Ana Ruiz" in verify
    listed = issuer.get("/reports/coc/job/J-1/").content.decode()
    assert cert.number in listed


def test_spanish_certificate_with_the_customer_statement(issuer, yield_scenario):
    ComplianceStatement.objects.create(customer_code="", text_en="Default words.", text_es="Texto general.")
    ComplianceStatement.objects.create(customer_code="ACME", text_en="Acme clause 7.", text_es="Cláusula Acme 7.")
    issuer.post("/reports/coc/job/J-1/issue/", {"language": "es", "signer_title": "Gerente de calidad"})
    text = pdf_text(bytes(Certificate.objects.get().pdf))
    assert "Certificado de cumplimiento" in text and "Cláusula Acme 7." in text and "Página 1 de" in text
    assert "Texto general." not in text


def test_issue_needs_a_title_and_a_known_language(issuer, yield_scenario):
    page = issuer.post("/reports/coc/job/J-1/issue/", {"language": "fr", "signer_title": "  "})
    assert page.status_code == 400 and not Certificate.objects.exists()
    html = page.content.decode()
    assert "Enter your title." in html or "This field is required." in html


def test_queries_do_not_grow_with_lots(reporter, yield_scenario, erp_rows):
    def count() -> int:
        with CaptureQueriesContext(connections["default"]) as portal, CaptureQueriesContext(connections["erp"]) as erp:
            assert reporter.get("/reports/coc/job/J-1/").status_code == 200
        return len(portal) + len(erp)

    few = count()
    erp_rows(JobMaterialTransaction, [
        {"job": "J-1", "component": "C-1", "lot_number": f"LX{i}", "transaction_type": "ISSUE", "quantity": D(1),
         "transaction_date": "2026-10-06"} for i in range(40)
    ])
    many = count()
    assert many == few and many <= 14


@pytest.mark.parametrize("role, may_issue", [("Scheduling_User", False), ("Planner", False), ("Finance", False),
                                             ("Quality_Inspector", True), ("Quality_Admin", True),
                                             ("Production_Portal_Admin", True)])
def test_only_quality_roles_and_portal_admins_issue_a_certificate(client, role_user, yield_scenario, role,
                                                                  may_issue):
    client.force_login(role_user(role))
    page = client.get("/reports/coc/job/J-1/").content.decode()
    assert ("Issue PDF" in page) is may_issue
    assert ('data-message="no-issue-capability"' in page) is not may_issue
    response = client.post("/reports/coc/job/J-1/issue/", {"language": "en", "signer_title": "QA"})
    assert response.status_code == (302 if may_issue else 403)
    assert Certificate.objects.count() == (1 if may_issue else 0)


def test_a_report_reader_still_reads_and_downloads_issued_certificates(client, role_user, yield_scenario):
    client.force_login(role_user("Quality_Inspector"))
    client.post("/reports/coc/job/J-1/issue/", {"language": "en", "signer_title": "QA"})
    cert = Certificate.objects.get()
    client.force_login(role_user("Scheduling_User"))
    assert cert.number in client.get("/reports/coc/job/J-1/").content.decode()
    assert client.get(cert.get_absolute_url()).status_code == 200
    assert client.get(f"/reports/coc/certificates/{cert.number}/pdf/").content == bytes(cert.pdf)


def test_in_the_reports_hub_for_view_reports_roles_only(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    assert "/reports/coc/" in client.get("/reports/").content.decode()
    client.force_login(role_user("DowntimeTracker_User"))
    assert client.get("/reports/coc/").status_code == 403


def test_a_demo_job_certificate_reads_back_with_its_lots_and_totals(issuer, erp_data):
    # The demo issues components from several lots, as on a real certificate: take a closed job where one does.
    multi_lot = (JobMaterialTransaction.objects.filter(job__status="CLOSED", transaction_type="ISSUE")
                 .values("job_id", "component_id").annotate(lots=Count("lot_number", distinct=True))
                 .filter(lots__gte=2).order_by("job_id").values_list("job_id", flat=True))
    job = Job.objects.get(job_number=multi_lot[0])
    data = certificate_data(job)
    assert max(len(section.lots) for section in data.components) >= 2
    issuer.post(f"/reports/coc/job/{job.job_number}/issue/", {"language": "en", "signer_title": "QA Lead"})
    text = pdf_text(bytes(Certificate.objects.get(job_number=job.job_number).pdf))
    assert job.job_number in text and job.part_id in text
    for section in data.components:
        for line in section.lots:
            assert line.lot_number in text
    assert "$" not in text  # the customer's copy: no costs


def test_a_long_certificate_is_issued_in_the_background_and_stored(issuer, yield_scenario, settings,
                                                                     django_capture_on_commit_callbacks):
    from portal.models import ExportJob

    settings.COC_BACKGROUND_LOTS = 1  # J-1 has two lots: "long" for this test
    with django_capture_on_commit_callbacks(execute=True):
        response = issuer.post("/reports/coc/job/J-1/issue/", {"language": "es", "signer_title": "Calidad"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    cert = Certificate.objects.get()
    assert job.status == ExportJob.Status.DONE and job.percent == 100 and job.filename == f"{cert.number}.pdf"
    assert job.file.read() == bytes(cert.pdf)  # the download is the stored certificate, unchanged
    text = pdf_text(bytes(cert.pdf))
    assert "Certificado de cumplimiento" in text or "Certificado" in text
    assert f"/reports/coc/certificates/{cert.number}/" in text and "Calidad" in text


def test_a_re_issue_is_a_new_revision_and_the_issued_one_keeps_its_figures(issuer, yield_scenario, erp_rows):
    issuer.post("/reports/coc/job/J-1/issue/", {"language": "en", "signer_title": "QA"})
    first = Certificate.objects.get()
    assert first.revision == 1 and not first.interim
    assert [(row["lot_number"], D(row["starting"]), D(row["ending"])) for row in first.figures] == [
        ("LA", D(100), D(10)), ("LB", D(50), D(0)), (None, D(1000), D(0))]
    # The ERP moves on: 4 more of LA come back from the job
    erp_rows(JobMaterialTransaction, [{"job": "J-1", "component": "C-1", "lot_number": "LA",
                                       "transaction_type": "DEISSUE", "quantity": D(4),
                                       "transaction_date": "2026-10-19"}])
    issuer.post("/reports/coc/job/J-1/issue/", {"language": "en", "signer_title": "QA"})
    second = Certificate.objects.get(revision=2)
    first.refresh_from_db()
    assert D(first.figures[0]["ending"]) == D(10) and D(second.figures[0]["ending"]) == D(14)
    page = issuer.get(first.get_absolute_url()).content.decode()
    assert 'id="superseded"' in page and second.number in page
    assert 'data-lot="LA"' in page and 'data-ending="10"' in page  # as issued, not today's 14
    assert 'data-ending="14"' in issuer.get(second.get_absolute_url()).content.decode()


def test_a_certificate_for_an_open_job_warns_and_is_interim_only_when_confirmed(issuer, yield_scenario, erp_rows):
    erp_rows(JobMaterialTransaction, [{"job": "J-2", "component": "C-2", "lot_number": None,
                                       "transaction_type": "ISSUE", "quantity": D(12),
                                       "transaction_date": "2026-10-19"}])
    Job.objects.filter(job_number="J-2")  # J-2 is RELEASED: open
    page = issuer.get("/reports/coc/job/J-2/").content.decode()
    assert 'data-message="job-open"' in page and "INTERIM" in page and "confirm_interim" in page
    refused = issuer.post("/reports/coc/job/J-2/issue/", {"language": "en", "signer_title": "QA"})
    assert refused.status_code == 400 and not Certificate.objects.exists()
    assert "is still open" in refused.content.decode()
    issuer.post("/reports/coc/job/J-2/issue/", {"language": "en", "signer_title": "QA", "confirm_interim": "on"})
    cert = Certificate.objects.get()
    assert cert.interim and cert.revision == 1
    text = pdf_text(bytes(cert.pdf))
    assert "INTERIM" in text and "0 of 10 made" in text


def test_the_internal_yield_report_keeps_the_costs_and_is_marked_internal(reporter, yield_scenario):
    response = reporter.get("/reports/coc/job/J-1/yield-report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "$34.00" in text and "$14.00" in text and "4.25%" in text
    # On every page, not only the first
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert all("INTERNAL" in page for page in pages)
    assert not Certificate.objects.exists()  # printed on demand, never stored or sent
