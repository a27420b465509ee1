"""Certificate of Compliance pages: find a job, read its lots and yield, issue and reproduce certificates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.pdf import pdf_download, start_background_pdf
from portal.public_url import public_url
from portal.roles import ISSUE_CERTIFICATE, VIEW_REPORTS
from quality.coc.forms import IssueForm
from quality.coc.models import Certificate
from quality.coc.services.certificate import (
    NUMBER_PLACEHOLDER,
    ConcurrentIssue,
    JobNotFound,
    NoMaterial,
    certificate_data,
    find_job,
    issue_certificate,
    render_yield_report,
    search_jobs,
    stored_sections,
)


def _verify_url(number: str) -> str:
    # The configured public address, not the one this request came in on (a customer scans it).
    return public_url(reverse("coc:certificate", args=[number]))


@capability_required(VIEW_REPORTS)
def search(request):
    """Type, scan or search a job: an exact job number opens its report, anything else lists the matches."""
    text = request.GET.get("job", "").strip()[:60]
    matches = []
    if text:
        try:
            return redirect("coc:job", job_number=find_job(text).job_number)
        except JobNotFound:
            matches = search_jobs(text)
    return render(request, "coc/search.html", {"text": text, "matches": matches,
                                               "recent": Certificate.objects.select_related("issued_by")[:10]})


@capability_required(VIEW_REPORTS)
def job_report(request, job_number: str, form: IssueForm | None = None):
    try:
        job = find_job(job_number)
    except JobNotFound:
        return render(request, "coc/search.html", {"text": job_number, "unknown": True}, status=404)
    context = {"job": job, "certificates": Certificate.objects.filter(job_number=job.job_number)
               .select_related("issued_by"),
               "form": form or IssueForm(initial={"language": (get_language() or "en")[:2]}, job=job),
               "may_issue": request.user.has_perm(ISSUE_CERTIFICATE)}
    try:
        context["data"] = certificate_data(job)
    except NoMaterial:
        context["no_material"] = True
    return render(request, "coc/report.html", context, status=400 if form is not None else 200)


@require_POST
@capability_required(VIEW_REPORTS, ISSUE_CERTIFICATE)
def issue(request, job_number: str):
    """Issue (sign) a certificate: its own capability (quality roles and portal admins), not every report reader."""
    try:
        job = find_job(job_number)
    except JobNotFound:
        return render(request, "coc/search.html", {"text": job_number, "unknown": True}, status=404)
    form = IssueForm(request.POST, job=job)
    if not form.is_valid():
        return job_report(request, job_number, form=form)
    try:
        lots = certificate_data(job).lot_count
        if lots > settings.COC_BACKGROUND_LOTS:
            # A long certificate takes seconds to lay out: rendered in Celery, with the shared progress page.
            background = start_background_pdf(request.user, "quality.coc.services.certificate.build_certificate_job", {
                "job": job.job_number, "language": form.cleaned_data["language"],
                "signer_title": form.cleaned_data["signer_title"],
                "verify_url": _verify_url(NUMBER_PLACEHOLDER),
            }, _("Certificate of Compliance for job %(job)s") % {"job": job.job_number})
            messages.info(request, _("The certificate has %(lots)s lots: it is being prepared; you will be "
                                     "notified when it is ready.") % {"lots": lots})
            return redirect(background.get_absolute_url())
        cert = issue_certificate(
            job, user=request.user, language=form.cleaned_data["language"],
            signer_title=form.cleaned_data["signer_title"],
            verify_url_for=_verify_url,
        )
    except ConcurrentIssue:
        messages.error(request, _("Another certificate of job %(job)s was issued at the same moment: read the job "
                                  "again and issue it if it is still needed.") % {"job": job.job_number})
        return redirect("coc:job", job_number=job.job_number)
    except NoMaterial:
        messages.error(request, _("Job %(job)s has no material transactions: there is nothing to certify yet.")
                       % {"job": job.job_number})
        return redirect("coc:job", job_number=job.job_number)
    if cert.interim:
        messages.warning(request, _("Interim certificate %(number)s issued (revision %(revision)s): the job is still "
                                    "open.") % {"number": cert.number, "revision": cert.revision})
    else:
        messages.success(request, _("Certificate %(number)s issued (revision %(revision)s).")
                         % {"number": cert.number, "revision": cert.revision})
    return redirect(cert)


@capability_required(VIEW_REPORTS)
def certificate(request, number: str):
    """The verification page the certificate's QR code opens: what was issued, by whom, and the stored PDF."""
    cert = get_object_or_404(Certificate.objects.select_related("issued_by").defer("pdf"), number=number)
    later = Certificate.objects.filter(job_number=cert.job_number, revision__gt=cert.revision).order_by("revision")
    return render(request, "coc/certificate.html", {"cert": cert, "sections": stored_sections(cert),
                                                    "superseded_by": later.last()})


@capability_required(VIEW_REPORTS)
def yield_report_pdf(request, job_number: str):
    """The internal yield report (costs included), printed on demand from today's figures; marked internal."""
    try:
        job = find_job(job_number)
        data = certificate_data(job)
    except JobNotFound:
        return render(request, "coc/search.html", {"text": job_number, "unknown": True}, status=404)
    except NoMaterial:
        messages.error(request, _("Job %(job)s has no material transactions: there is nothing to certify yet.")
                       % {"job": job.job_number})
        return redirect("coc:job", job_number=job.job_number)
    pdf = render_yield_report(data, language=(get_language() or "en")[:2], printed_at=timezone.now())
    return pdf_download(pdf, f"yield-report-{job.job_number}-INTERNAL.pdf", inline=request.GET.get("inline") == "1")


@capability_required(VIEW_REPORTS)
def certificate_pdf(request, number: str):
    """The stored PDF, byte for byte as issued."""
    cert = get_object_or_404(Certificate, number=number)
    return pdf_download(bytes(cert.pdf), cert.filename, inline=request.GET.get("inline") == "1")
