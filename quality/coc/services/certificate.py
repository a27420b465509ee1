"""What a Certificate of Compliance says about one ERP job, and issuing one (the PDF is stored unchanged).

The yield figures are the open-jobs viewer's (erp.services.jobs), per lot and summed per component; this module
adds only the lot's ending inventory (what the ERP holds of the lot now) and the document around them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

import segno
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from erp.models import InventoryLot, Job
from erp.services.jobs import ComponentYield, JobYield, combined, job_yield
from portal.models import Facility
from portal.pdf import render_pdf
from portal.services.localtime import erp_facility_zone, to_local
from quality.coc.models import Certificate, ComplianceStatement

ZERO = Decimal(0)


class JobNotFound(LookupError):
    pass


class NoMaterial(ValueError):
    """The job has no material transactions: there is nothing to certify yet."""


@dataclass(frozen=True)
class LotLine:
    figures: ComponentYield
    ending_inventory: Decimal  # on hand in the ERP now, every facility and status; 0 once the lot is used up


@dataclass(frozen=True)
class ComponentSection:
    figures: ComponentYield  # the component's total over its lots
    lots: list[LotLine]


@dataclass
class CertificateData:
    job: Job
    facility_name: str
    components: list[ComponentSection] = field(default_factory=list)
    totals: JobYield | None = None

    @property
    def lot_count(self) -> int:
        return sum(len(c.lots) for c in self.components)


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
    on_hand = _ending_inventory(lots)
    components = []
    for _part, group in groupby(lots, key=lambda c: c.component.part_number):
        group = list(group)
        components.append(ComponentSection(
            combined(group), [LotLine(c, on_hand.get((c.component.part_number, c.lot_number), ZERO)) for c in group],
        ))
    facility = Facility.objects.filter(erp_code=job.facility).first()
    return CertificateData(job, facility.name if facility else job.facility, components,
                           JobYield([c.figures for c in components]))


def _ending_inventory(lots: list[ComponentYield]) -> dict[tuple[str, str | None], Decimal]:
    numbers = {c.lot_number for c in lots if c.lot_number}
    parts = {c.component.part_number for c in lots}
    if not numbers:
        return {}
    rows = (InventoryLot.objects.filter(lot_number__in=numbers, part_id__in=parts)
            .values("part_id", "lot_number").annotate(total=Sum("quantity")).order_by())
    return {(r["part_id"], r["lot_number"]): r["total"] for r in rows}


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


def render_certificate(data: CertificateData, *, number: str, language: str, signer_name: str,
                       signer_title: str, issued_at, verify_url: str, progress=None) -> bytes:
    job = data.job
    customer = job.sales_order.customer if job.sales_order_id and job.sales_order else None
    with override(language):
        title = _("Certificate of Compliance")
    context = {
        "data": data, "job": job, "customer": customer, "number": number, "language": language,
        "signer_name": signer_name, "signer_title": signer_title, "issued_at": issued_at,
        "statement": compliance_statement(customer.customer_code if customer else None, language),
        "qr": qr_svg_data_uri(verify_url), "verify_url": verify_url,
        # The signature date is the plant's date (the job's facility), labelled with its zone.
        "issued_local": to_local(issued_at, erp_facility_zone(job.facility)),
    }
    return render_pdf("coc/certificate_pdf.html", context, title=title, document_number=number, language=language,
                      progress=progress)


@transaction.atomic
def issue_certificate(job: Job, *, user, language: str, signer_title: str, verify_url_for, progress=None
                      ) -> Certificate:
    """Issue and store the certificate of ``job`` signed by ``user``. ``verify_url_for(number)`` gives the
    absolute URL of the certificate's verification page, printed as a QR code."""
    data = certificate_data(job)
    signer_name = user.get_full_name() or user.get_username()
    cert = Certificate.objects.create(
        number=f"PENDING-{job.job_number}"[:30], job_number=job.job_number, part_number=job.part_id,
        customer_code=job.sales_order.customer_id if job.sales_order_id and job.sales_order else "",
        language=language, issued_by=user, signer_name=signer_name, signer_title=signer_title.strip(),
        lot_count=data.lot_count, pdf=b"", sha256="",
    )
    cert.number = f"COC-{cert.pk:06d}"
    cert.pdf = render_certificate(
        data, number=cert.number, language=language, signer_name=signer_name, signer_title=cert.signer_title,
        issued_at=cert.issued_at, verify_url=verify_url_for(cert.number), progress=progress,
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
