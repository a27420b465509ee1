"""The portal's one way to make a PDF: WeasyPrint renders a Django template extending ``pdf/base.html``.

    from portal.pdf import render_pdf, pdf_download

    pdf = render_pdf("laser/daily_report_pdf.html", {"rows": rows}, title=_("Laser daily report"),
                     document_number="LDR-2026-11-29")
    return pdf_download(pdf, "laser-daily-2026-11-29.pdf")

Every document gets the same letterhead (company name, address and logo from settings), the shared print
stylesheet (``static/portal/print.css``: A4/Letter page, DejaVu fonts from Debian, tables whose header repeats and
whose rows do not split), a running header with title and document number on every page, and "Page 2 of 5".
Nothing is fetched from the network: :class:`LocalOnlyFetcher` serves only the portal's static files, its media
files and ``data:`` URLs, and refuses anything else. Large documents are rendered in Celery with progress by
:func:`start_background_pdf` (they reuse the background export job and its page). See docs/pdf.md.
"""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# Relative URLs in a document (``{% static %}`` gives "/static/...") resolve against this host, which the fetcher
# maps back to files; it is never contacted (.invalid is reserved and cannot resolve).
BASE_URL = "https://portal.invalid/"
Progress = Callable[[int, int], None]


class PdfResourceRefused(ValueError):
    """A document asked for a resource outside the portal's static and media files."""


@dataclass(frozen=True)
class Letterhead:
    name: str
    address_lines: tuple[str, ...]
    logo: str  # a static file path, e.g. "portal/company-logo.svg"; empty for none
    contact: str = ""
    logo_url: str = ""  # what the document's <img> loads: the admin's uploaded logo, else the static file


def company_letterhead() -> Letterhead:
    """The company printed on every document: the admin's company profile, each empty field falling back to the
    settings PORTAL_COMPANY_* (see docs/pdf.md)."""
    from django.templatetags.static import static

    from portal.models import CompanyProfile

    profile = CompanyProfile.current()
    address = (profile.address if profile and profile.address.strip()
               else getattr(settings, "PORTAL_COMPANY_ADDRESS", ""))
    lines = tuple(line.strip() for line in re.split(r"\n|\|", address) if line.strip())
    logo = getattr(settings, "PORTAL_COMPANY_LOGO", "")
    logo_url = profile.logo.url if profile and profile.logo else (static(logo) if logo else "")
    return Letterhead(
        name=(profile.name.strip() if profile else "") or getattr(settings, "PORTAL_COMPANY_NAME", "Plant Portal"),
        address_lines=lines,
        logo=logo,
        contact=(profile.contact.strip() if profile else "") or getattr(settings, "PORTAL_COMPANY_CONTACT", ""),
        logo_url=logo_url,
    )


class LocalOnlyFetcher:
    """WeasyPrint URL fetcher that reads only the portal's own static/media files and data: URLs."""

    _fail_on_errors = False  # a missing image is a warning in the log, not a failed document

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._data = URLFetcher(allowed_protocols=("data",))

    def __call__(self, url: str):
        return self.fetch(url)

    def fetch(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        if url.startswith("data:"):
            return self._data.fetch(url)
        name, content = self.local_file(url)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, headers={"Content-Type": kind})

    @classmethod
    def local_file(cls, url: str) -> tuple[str, bytes]:
        """(file name, bytes) of a static file, or of a media file read through the storage (any backend)."""
        media = cls.media_name(url)
        if media is not None:
            if not default_storage.exists(media):
                raise PdfResourceRefused(f"no such media file: {media!r}")
            with default_storage.open(media, "rb") as handle:
                return media, handle.read()
        path = cls.local_path(url)
        return path.name, path.read_bytes()

    @staticmethod
    def _path_of(url: str) -> str:
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise PdfResourceRefused(f"PDF resources must be local files, not {url!r}")
        return unquote(parts.path)

    @classmethod
    def media_name(cls, url: str) -> str | None:
        path = cls._path_of(url)
        media = "/" + settings.MEDIA_URL.strip("/") + "/"
        if path.startswith(media):
            if ".." in path:
                raise PdfResourceRefused(f"no such media file: {path!r}")
            return path.removeprefix(media)
        return None

    @classmethod
    def local_path(cls, url: str) -> Path:
        path = cls._path_of(url)
        static = "/" + settings.STATIC_URL.strip("/") + "/"
        if path.startswith(static) and ".." not in path:
            found = finders.find(path.removeprefix(static))
            if found:
                return Path(found)
        raise PdfResourceRefused(f"no such static file: {path!r}")


def page_counter_css() -> str:
    """CSS ``content`` for "Page 2 of 5" in the active language: the translated text around two counters."""
    text = _("Page %(page)s of %(pages)s")
    pieces = re.split(r"(%\(page\)s|%\(pages\)s)", text)
    tokens = []
    for piece in pieces:
        if piece == "%(page)s":
            tokens.append("counter(page)")
        elif piece == "%(pages)s":
            tokens.append("counter(pages)")
        elif piece:
            tokens.append(json.dumps(piece, ensure_ascii=False))
    return " ".join(tokens)


def render_html(template_name: str, context: dict[str, Any], *, title: str, document_number: str = "") -> str:
    """The document's HTML (the template extends pdf/base.html), with letterhead and running header filled."""
    full = {
        "letterhead": company_letterhead(),
        "document_title": title,
        "document_number": document_number,
        "page_counter_css": page_counter_css(),
        "printed_at": timezone.now(),
        **context,
    }
    return render_to_string(template_name, full)


def render_pdf(
    template_name: str, context: dict[str, Any], *, title: str, document_number: str = "",
    language: str | None = None, progress: Progress | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes, in ``language`` (default: the active one).

    ``progress(done, total)`` is called after each of the three stages (HTML, layout, PDF written).
    """
    from weasyprint import HTML

    def step(done: int) -> None:
        if progress:
            progress(done, 3)

    with translation.override(language or translation.get_language()):
        html = render_html(template_name, context, title=title, document_number=document_number)
        step(1)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()).render()
        step(2)
        pdf = document.write_pdf()
        step(3)
    return pdf


def pdf_download(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """An HTTP response with the PDF: a download (or shown in the browser with ``inline=True``)."""
    response = HttpResponse(content, content_type="application/pdf")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename) or "document.pdf"
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{safe}"'
    response["Content-Length"] = str(len(content))
    return response


def render_pdf_response(
    template_name: str, context: dict[str, Any], *, filename: str, title: str, document_number: str = "",
    language: str | None = None, inline: bool = False,
) -> HttpResponse:
    """Render and answer the PDF in one call (small documents, rendered within the request)."""
    pdf = render_pdf(template_name, context, title=title, document_number=document_number, language=language)
    return pdf_download(pdf, filename, inline=inline)


# --- Large documents in the background ----------------------------------------------------------------------
# A builder is a plain function ``builder(user, params: dict, progress) -> (pdf_bytes, filename)``, named by its
# dotted path. The job is the shared background export job (portal.ExportJob): same progress page, same
# "ready" notification, same download link, only for its owner.

def start_background_pdf(user, builder: str, params: dict[str, Any], title: str):
    """Queue ``builder`` for ``user`` (after commit); returns the ExportJob whose page shows the progress."""
    from portal.models import ExportJob
    from portal.queue import enqueue

    job = ExportJob.objects.create(user=user, title=str(title), view=builder, params=json.dumps(params))
    enqueue("portal.tasks.render_pdf_job", job.pk)  # by name: the task module imports this one
    return job


def run_pdf_job(job_id: int):
    """Render one background PDF job. Idempotent: a finished job is left as it is."""
    from django.utils.module_loading import import_string

    from portal.lists.exports import _notify
    from portal.models import ExportJob

    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    job.status, job.total_rows, job.done_rows = ExportJob.Status.RUNNING, 0, 0
    job.save(update_fields=["status", "total_rows", "done_rows"])

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done_rows=done, total_rows=total)

    try:
        builder = import_string(job.view)
        pdf, filename = builder(job.user, json.loads(job.params or "{}"), progress)
        job.filename = filename
        job.file.save(filename, ContentFile(pdf), save=False)
    except Exception as exc:  # noqa: BLE001 - recorded on the job and shown to its owner, never a 500
        job.status, job.error = ExportJob.Status.FAILED, str(exc)[:1000]
        job.save(update_fields=["status", "error"])
        raise
    job.refresh_from_db(fields=["total_rows"])
    job.status, job.done_rows, job.finished_at = ExportJob.Status.DONE, job.total_rows, timezone.now()
    job.save(update_fields=["status", "done_rows", "finished_at", "file", "filename"])
    _notify(job)
    return job
