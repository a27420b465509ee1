"""Daily reports: the stored versions, "Generate now" for any past day (a new version beside the stored ones), one
version's page, its .txt and its PDF (portal/pdf.py); a day's address without a version shows its newest."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.access import capability_required
from portal.pdf import pdf_download, render_pdf

from ..apps import MANAGE
from ..models import DailyReport
from ..services import shop_today
from ..services.reports import generate_daily_report, previous_day
from . import in_shop_zone


class GenerateForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date",
                                                                                   "class": "form-control"}))

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day >= shop_today():
            raise forms.ValidationError(_("Choose a past day: today's runs are not finished."))
        return day


def _report(day: dt.date, version: int | None) -> DailyReport:
    reports = DailyReport.objects.select_related("generated_by").filter(day=day)
    if version is None:
        return get_object_or_404(reports.order_by("-version")[:1])
    return get_object_or_404(reports, version=version)


def _name(report: DailyReport) -> str:
    return f"laser-daily-{report.day}-v{report.version}"


@in_shop_zone
@capability_required(MANAGE)
def report_list(request, form: GenerateForm | None = None):
    reports = DailyReport.objects.select_related("generated_by").only(
        "day", "version", "generated_at", "generated_by__username", "generated_by__first_name",
        "generated_by__last_name")[:90]
    form = form or GenerateForm(initial={"day": previous_day()})
    return render(request, "laser/reports.html", {"reports": reports, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@capability_required(MANAGE)
def generate_now(request):
    """Any past day's report (default yesterday), stored as a new version beside the day's others."""
    form = GenerateForm(request.POST or None)
    if not request.POST.get("day"):
        form = GenerateForm({"day": previous_day().isoformat()})
    if not form.is_valid():
        return report_list(request, form=form)
    report, _created = generate_daily_report(form.cleaned_data["day"], user=request.user, new_version=True)
    messages.success(request, _("Report for %(day)s generated as version %(version)s.") % {
        "day": report.day, "version": report.version})
    return redirect("laser:report-version", day=report.day.isoformat(), version=report.version)


@in_shop_zone
@capability_required(MANAGE)
def report_detail(request, day: dt.date, version: int | None = None):
    report = _report(day, version)
    versions = DailyReport.objects.filter(day=report.day).select_related("generated_by").order_by("version")
    return render(request, "laser/report.html", {"report": report, "data": report.data, "versions": versions})


@capability_required(MANAGE)
def report_txt(request, day: dt.date, version: int | None = None):
    report = _report(day, version)
    response = HttpResponse(report.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_name(report)}.txt"'
    return response


@in_shop_zone
@capability_required(MANAGE)
def report_pdf(request, day: dt.date, version: int | None = None):
    report = _report(day, version)
    pdf = render_pdf("laser/daily_report_pdf.html", {"report": report, "data": report.data},
                     title=_("Laser daily report"), document_number=f"LDR-{report.day}-v{report.version}")
    return pdf_download(pdf, f"{_name(report)}.pdf")
