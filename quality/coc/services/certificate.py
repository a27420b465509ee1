"""What a Certificate of Compliance says about one ERP job, and issuing one (the PDF and its figures are stored
unchanged; a re-issue is the job's next revision).

The quantities per lot come from the job's material transactions (erp.services.jobs, per lot); how they reconcile
(Starting = Packaged + Ending + Loss) is quality/coc/engine/reconciliation.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import groupby

import segno
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from erp.models import Job
from erp.services.jobs import ComponentYield, job_yield
from portal.models import Facility
from portal.pdf import render_pdf
from portal.services.localtime import erp_facility_zone, to_local
from quality.coc.engine.reconciliation import JobTotals, LotFigures, component_total, job_totals
from quality.coc.models import Certificate, ComplianceStatement


class JobNotFound(LookupError):
    pass


class NoMaterial(ValueError):
    """The job has no material transactions: there is nothing to certify yet."""


class ConcurrentIssue(RuntimeError):
    """Someone issued a revision of the same job at the same moment: the user tries again."""


@dataclass(frozen=True)
class ComponentSection:
    figures: LotFigures  # the component's total over its lots
    lots: list[LotFigures]


@dataclass
class CertificateData:
    job: Job
    facility_name: str
    components: list[ComponentSection] = field(default_factory=list)

    @property
    def lot_count(self) -> int:
        return sum(len(c.lots) for c in self.components)

    @property
    def totals(self) -> JobTotals:
        return job_totals(c.figures for c in self.components)

    def snapshot(self) -> list[dict]:
        """Every lot row, as stored with an issued certificate."""
        return [lot.as_dict() for section in self.components for lot in section.lots]


def sections(lots: list[LotFigures]) -> list[ComponentSection]:
    """Lot rows grouped per component (in the order given), each with its total."""
    return [ComponentSection(component_total(group), group)
            for group in (list(g) for _part, g in groupby(lots, key=lambda x: x.part_number))]


def stored_sections(cert: Certificate) -> list[ComponentSection]:
    """The figures of an issued certificate, as issued (not today's)."""
    return sections([LotFigures.from_dict(row) for row in cert.figures or []])


def _lot_figures(c: ComponentYield) -> LotFigures:
    part = c.component
    return LotFigures(part.part_number, part.description, part.uom, part.unit_cost, c.lot_number,
                      starting=c.issued, packaged=c.relieved, ending=c.deissued, scrap_recorded=c.scrapped)


def find_job(job_number: str) -> Job:
    job = (Job.objects.select_related("part", "sales_order__customer", "sales_order_line")
           .filter(job_number=job_number.strip().upper()).first())
    if job is None:
        raise JobNotFound(job_number)
    return job


def search_jobs(text: str, limit: int = 50) -> list[Job]:
    """Jobs whose number, part, customer, sales order or customer PO contains ``text`` (newest first)."""
    text = text.strip()
    if not text:
        return []
    match = (Q(job_number__icontains=text) | Q(part__part_number__icontains=text) | Q(part__description__icontains=text)
             | Q(sales_order__so_number__icontains=text) | Q(sales_order__customer__name__icontains=text)
             | Q(sales_order__customer_po__icontains=text))
    return list(Job.objects.select_related("part", "sales_order__customer").filter(match)
                .order_by("-created_date", "-job_number")[:limit])


def certificate_data(job: Job) -> CertificateData:
    """The job's lots per component with their figures; raises NoMaterial when nothing was moved on the job."""
    lots = job_yield(job, by_lot=True).components
    if not lots:
        raise NoMaterial(job.job_number)
    facility = Facility.objects.filter(erp_code=job.facility).first()
    return CertificateData(job, facility.name if facility else job.facility,
                           sections([_lot_figures(c) for c in lots]))


DEFAULT_STATEMENT = gettext_noop(
    "We certify that the goods of this job were manufactured, inspected and packaged in accordance with the "
    "customer's purchase order, the applicable specifications and our quality management system, and that the "
    "material lots listed were used in their manufacture."
)


def compliance_statement(customer_code: str | None, language: str) -> str:
    """The customer's statement, else the configured default, else the built-in default, in ``language``."""
    statements = {s.customer_code: s for s in ComplianceStatement.objects.filter(
        active=True, customer_code__in=[customer_code or "", ""])}
    chosen = statements.get(customer_code or "") or statements.get("")
    if chosen:
        return chosen.text(language)
    with override(language):
        return _(DEFAULT_STATEMENT)


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


def render_certificate(data: CertificateData, *, number: str, revision: int, interim: bool, language: str,
                       signer_name: str, signer_title: str, issued_at, verify_url: str, progress=None) -> bytes:
    """The customer's certificate: lots, quantities and the compliance statement; no costs (those are internal:
    :func:`render_yield_report`)."""
    job = data.job
    customer = job.sales_order.customer if job.sales_order_id and job.sales_order else None
    with override(language):
        title = _("Certificate of Compliance")
    context = {
        "data": data, "job": job, "customer": customer, "number": number, "revision": revision, "interim": interim,
        "language": language, "signer_name": signer_name, "signer_title": signer_title, "issued_at": issued_at,
        "statement": compliance_statement(customer.customer_code if customer else None, language),
        "qr": qr_svg_data_uri(verify_url), "verify_url": verify_url, "show_costs": False,
        # The signature date is the plant's date (the job's facility), labelled with its zone.
        "issued_local": to_local(issued_at, erp_facility_zone(job.facility)),
    }
    return render_pdf("coc/certificate_pdf.html", context, title=title, document_number=number, language=language,
                      progress=progress)


def render_yield_report(data: CertificateData, *, language: str, printed_at) -> bytes:
    """The internal yield report of a job (the seed's "Yield Cost/Scrap"): the same lots with their costs, marked
    internal on every page; never handed to a customer, never stored."""
    with override(language):
        title = _("Yield report (internal)")
    context = {"data": data, "job": data.job, "show_costs": True, "language": language,
               "printed_local": to_local(printed_at, erp_facility_zone(data.job.facility))}
    return render_pdf("coc/yield_report_pdf.html", context, title=title, document_number=data.job.job_number,
                      language=language)


@transaction.atomic
def issue_certificate(job: Job, *, user, language: str, signer_title: str, verify_url_for, progress=None
                      ) -> Certificate:
    """Issue and store the certificate of ``job`` signed by ``user``, with its figures as issued: the job's next
    revision (an issued certificate never changes). A job still open gives an interim certificate; the final one
    is issued after the job closes. ``verify_url_for(number)`` gives the absolute URL of the certificate's
    verification page, printed as a QR code."""
    data = certificate_data(job)
    signer_name = user.get_full_name() or user.get_username()
    revision = (Certificate.objects.filter(job_number=job.job_number).aggregate(last=Max("revision"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            cert = Certificate.objects.create(
                number=f"PENDING-{job.job_number}-{revision}"[:30], job_number=job.job_number,
                part_number=job.part_id,
                customer_code=job.sales_order.customer_id if job.sales_order_id and job.sales_order else "",
                language=language, issued_by=user, signer_name=signer_name, signer_title=signer_title.strip(),
                lot_count=data.lot_count, revision=revision, interim=job.is_open, figures=data.snapshot(),
                pdf=b"", sha256="",
            )
    except IntegrityError as error:  # the same revision issued by someone else a moment ago
        raise ConcurrentIssue(job.job_number) from error
    cert.number = f"COC-{cert.pk:06d}"
    cert.pdf = render_certificate(
        data, number=cert.number, revision=revision, interim=cert.interim, language=language,
        signer_name=signer_name, signer_title=cert.signer_title, issued_at=cert.issued_at,
        verify_url=verify_url_for(cert.number), progress=progress,
    )
    cert.sha256 = hashlib.sha256(cert.pdf).hexdigest()
    cert.save(update_fields=["number", "pdf", "sha256"])
    return cert


NUMBER_PLACEHOLDER = "__NUMBER__"


def build_certificate_job(user, params: dict, progress) -> tuple[bytes, str]:
    """Background builder (portal.pdf.start_background_pdf) of a large certificate: issues and stores it as
    :func:`issue_certificate` does; the job's download is the same PDF. ``params``: job, language, signer_title,
    verify_url (with ``__NUMBER__`` where the certificate number goes)."""
    cert = issue_certificate(
        find_job(params["job"]), user=user, language=params["language"], signer_title=params["signer_title"],
        verify_url_for=lambda number: params["verify_url"].replace(NUMBER_PLACEHOLDER, number), progress=progress,
    )
    return bytes(cert.pdf), cert.filename
