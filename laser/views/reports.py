"""Daily reports: the stored days, "Generate now", one report's page, its .txt and its PDF (portal/pdf.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.pdf import pdf_download, render_pdf

from ..apps import MANAGE
from ..models import DailyReport
from ..services.reports import generate_daily_report
from . import in_shop_zone


@in_shop_zone
@capability_required(MANAGE)
def report_list(request):
    reports = DailyReport.objects.select_related("generated_by").only(
        "day", "generated_at", "generated_by__username")[:60]
    return render(request, "laser/reports.html", {"reports": reports})


@require_POST
@capability_required(MANAGE)
def generate_now(request):
    """Yesterday's report (shop day), refreshed in place when it exists: still one row per day."""
    report, _created = generate_daily_report(user=request.user, replace=True)
    messages.success(request, _("Report for %(day)s generated.") % {"day": report.day})
    return redirect("laser:report", day=report.day.isoformat())


@in_shop_zone
@capability_required(MANAGE)
def report_detail(request, day: str):
    report = get_object_or_404(DailyReport, day=day)
    return render(request, "laser/report.html", {"report": report, "data": report.data})


@capability_required(MANAGE)
def report_txt(request, day: str):
    report = get_object_or_404(DailyReport, day=day)
    response = HttpResponse(report.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laser-daily-{report.day}.txt"'
    return response


@in_shop_zone
@capability_required(MANAGE)
def report_pdf(request, day: str):
    report = get_object_or_404(DailyReport, day=day)
    pdf = render_pdf("laser/daily_report_pdf.html", {"report": report, "data": report.data},
                     title=_("Laser daily report"), document_number=f"LDR-{report.day}")
    return pdf_download(pdf, f"laser-daily-{report.day}.pdf")
