"""Certificate of Compliance: the figures per lot (hand-computed), the pages, the issued PDF read back."""

import hashlib
import io
import re
from decimal import Decimal as D

import pytest
from django.db import connections
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from erp.models import Job, JobMaterialTransaction
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
    assert (la.figures.lot_number, la.figures.net_issued, la.figures.loss_quantity) == ("LA", D(90), D(5))
    assert la.figures.yield_cost == D(10) and round(la.figures.loss_percent, 2) == D("5.56")
    assert la.ending_inventory == D(45) and lb.ending_inventory == D(0)
    assert (lb.figures.net_issued, lb.figures.loss_quantity, lb.figures.yield_cost) == (D(50), D(2), D(4))
    assert (c1.figures.issued, c1.figures.deissued, c1.figures.relieved) == (D(150), D(10), D(133))
    assert c1.figures.yield_cost == D(14) and c1.figures.loss_percent == D(5)
    assert c2.lots[0].figures.lot_number is None and c2.figures.yield_cost == D(20)
    assert data.totals.yield_cost == D(34) and round(data.totals.loss_percent, 1) == D("4.4")
    assert data.lot_count == 3


def test_report_page_shows_header_lots_totals_and_formulas(reporter, yield_scenario):
    page = reporter.get("/reports/coc/job/J-1/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Bottled shampoo 1 L", "Acme Retail", "SO-1 / 2", "PO-777", "Lot LA", "Lot LB", "$34.00", "4.4%",
                 "$14.00", "Yield loss = net issued − packaged quantity", "Ending lot inventory"):
        assert text in html, text


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
    assert issuer.post("/reports/coc/job/J-2/issue/", {"language": "en", "signer_title": "QA"}).status_code == 302
    assert not Certificate.objects.exists()


def test_issue_stores_the_pdf_which_reads_back_and_is_reproduced_unchanged(issuer, yield_scenario):
    response = issuer.post("/reports/coc/job/J-1/issue/", {"language": "en", "signer_title": "Quality Manager"})
    cert = Certificate.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/coc/certificates/{cert.number}/"
    text = pdf_text(bytes(cert.pdf))
    for expected in ("Certificate of Compliance", cert.number, "J-1", "FG-1", "Acme Retail", "PO-777", "LA", "LB",
                     "$34.00", "4.4%", "$14.00", "Ana Ruiz", "Quality Manager", "Page 1 of",
                     "We certify that the goods"):
        assert expected in text, expected
    assert f"/reports/coc/certificates/{cert.number}/" in text  # the QR's verification address, printed too
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
            assert line.figures.lot_number in text
    total = f"${data.totals.yield_cost:,.2f}"
    assert total in text, total
    assert re.search(rf"{data.lot_count} lots", text)


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
