"""The one PDF helper: a template rendered by WeasyPrint, read back as text; no network; background rendering."""

import io

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from portal.models import ExportJob
from portal.pdf import LocalOnlyFetcher, PdfResourceRefused, pdf_download, render_pdf, start_background_pdf

# The letterhead reads the company profile (portal.CompanyProfile) from the database.
pytestmark = pytest.mark.django_db

ROWS = [[f"R{i:04d}", f"lot L-{i:04d}"] for i in range(1, 181)]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _render(language="en", rows=ROWS):
    return render_pdf("pdf/table.html", {"headers": ["Code", "Lot"], "rows": rows},
                      title="Daily report", document_number="DR-0042", language=language)


def test_every_page_has_letterhead_title_number_and_page_x_of_y(settings):
    settings.PORTAL_COMPANY_NAME = "Acme Packaging S.A."
    settings.PORTAL_COMPANY_ADDRESS = "Av. Industria 5|Monterrey, NL"
    pages = _pages(_render())
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Acme Packaging S.A." in text and "Av. Industria 5" in text and "Monterrey, NL" in text
        assert "Daily report" in text and "DR-0042" in text
        assert f"Page {number} of {len(pages)}" in text
    everything = "\n".join(pages)
    # Every row once, none lost or split at a page break, and the table header repeated on every page.
    assert all(everything.count(f"lot L-{i:04d}") == 1 for i in range(1, 181))
    assert all("Code" in text and "Lot" in text for text in pages)


def test_spanish_document_says_pagina_x_de_y():
    pages = _pages(_render("es"))
    assert f"Página 1 de {len(pages)}" in pages[0]


def test_text_is_escaped_and_non_latin_text_survives():
    pages = _pages(_render(rows=[["<b>x</b>", "Ñandú – Ωμέγα"]]))
    assert "<b>x</b>" in pages[0] and "Ñandú" in pages[0]


@pytest.mark.parametrize("url", [
    "https://example.com/logo.png", "http://127.0.0.1:8000/static/portal/print.css", "file:///etc/passwd",
    "https://portal.invalid/static/../../../etc/passwd", "https://portal.invalid/elsewhere/x.css",
    "ftp://portal.invalid/static/portal/print.css",
])
def test_fetcher_refuses_anything_but_local_static_and_media(url):
    with pytest.raises(PdfResourceRefused):
        LocalOnlyFetcher().fetch(url)


def test_fetcher_serves_static_files_and_data_urls():
    css = LocalOnlyFetcher().fetch("https://portal.invalid/static/portal/print.css")
    assert b"@page" in css.read() and css.content_type == "text/css"
    assert LocalOnlyFetcher().fetch("data:text/plain,hello").read() == b"hello"


def test_a_remote_image_is_not_fetched(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    pdf = render_pdf("pdf/table.html", {"headers": ["x"], "rows": [["y"]], "intro": "hello"}, title="T")
    assert "hello" in _pages(pdf)[0]


def test_download_response():
    response = pdf_download(b"%PDF-1.7 test", 'CoC "J1"/x.pdf')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="CoC-J1-x.pdf"'
    assert pdf_download(b"x", "a.pdf", inline=True)["Content-Disposition"].startswith("inline")


def build_sample(user, params, progress):
    """A background builder used by the test below."""
    rows = [[str(i), f"line {i}"] for i in range(params["rows"])]
    pdf = render_pdf("pdf/table.html", {"headers": ["#", "Text"], "rows": rows}, title="Big", progress=progress)
    return pdf, "big.pdf"


@pytest.mark.django_db(transaction=True)
def test_large_document_renders_in_the_background_with_progress():
    user = get_user_model().objects.create_user("planner", password="x")
    job = start_background_pdf(user, "portal.tests.test_pdf.build_sample", {"rows": 400}, "Big")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.filename == "big.pdf" and job.percent == 100
    pages = _pages(job.file.read())
    assert "line 399" in pages[-1]
    from notifications.models import Notification

    assert Notification.objects.filter(target_users=user, title__contains="Big").exists()


@pytest.mark.django_db(transaction=True)
def test_failed_background_document_is_recorded():
    user = get_user_model().objects.create_user("planner", password="x")
    with pytest.raises(Exception):  # noqa: B017 - eager Celery re-raises; the job keeps the message
        start_background_pdf(user, "portal.tests.test_pdf.build_sample", {}, "Broken")
    job = ExportJob.objects.get(title="Broken")
    assert job.status == ExportJob.Status.FAILED and "rows" in job.error


def test_company_profile_from_the_admin_is_the_letterhead_and_empty_fields_fall_back_to_settings(settings):
    from django.core.files.base import ContentFile
    from PIL import Image

    from portal.models import CompanyProfile

    settings.PORTAL_COMPANY_NAME = "Settings Company"
    settings.PORTAL_COMPANY_CONTACT = "settings@example.com"
    logo = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 30, 30)).save(logo, "PNG")
    profile = CompanyProfile(name="Envases del Norte S.A. de C.V.", address="Calle 5 #100\nSaltillo, Coah.")
    profile.logo.save("logo.png", ContentFile(logo.getvalue()), save=False)
    profile.save()
    pdf = _render(rows=ROWS[:3])
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text()
    assert "Envases del Norte S.A. de C.V." in text and "Calle 5 #100" in text and "Saltillo, Coah." in text
    assert "Settings Company" not in text and "settings@example.com" in text  # empty contact: the setting's
    assert len(page.images) == 1  # the uploaded logo, read through the storage

    CompanyProfile(name="", address="").save()  # still one row: the profile is a singleton
    assert CompanyProfile.objects.count() == 1
    text = _pages(_render(rows=ROWS[:3]))[0]
    assert "Settings Company" in text


def test_fetcher_refuses_a_missing_media_file_and_path_tricks():
    for url in ("https://portal.invalid/media/nothing-here.png", "https://portal.invalid/media/../settings.py"):
        with pytest.raises(PdfResourceRefused):
            LocalOnlyFetcher().fetch(url)
