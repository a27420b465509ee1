"""The maintenance dashboard (reports hub): figures from maintenance.services.dashboard, the SLA trend and the
open tickets by age drawn as charts (static/maintenance/dashboard.js) with the same figures in tables."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from maintenance.services import dashboard
from maintenance.services.reliability import MIN_FAILURES, PERIOD_DAYS
from portal.access import CapabilityRequiredMixin
from portal.models import Facility
from portal.roles import VIEW_MAINTENANCE
from portal.services.scoping import history_lines_for

from .lists import period_of

VIEW = VIEW_MAINTENANCE
BOOTSTRAP_COLOURS = {"danger": "#dc3545", "warning": "#ffc107", "info": "#0dcaf0", "primary": "#0d6efd",
                     "success": "#198754", "secondary": "#6c757d", "dark": "#495057", "light": "#adb5bd"}


def weeks_of(request) -> int:
    try:
        weeks = int(request.GET.get("weeks", dashboard.DEFAULT_TREND_WEEKS))
    except ValueError:
        return dashboard.DEFAULT_TREND_WEEKS
    return weeks if weeks in dashboard.TREND_WEEKS else dashboard.DEFAULT_TREND_WEEKS


def period_label(first, last, monthly: bool) -> str:
    return date_format(first, "M Y") if monthly else date_format(first, "j M")


def ages_url(priority_pk: int, age: str) -> str:
    return reverse("maintenance:tickets") + "?" + urlencode({"status": "open", "priority": priority_pk, "age": age})


def _with_total(row: dashboard.AgeRow):
    row.priority.open_count = sum(row.counts)  # the same figure open_by_priority counts, without its query
    return row.priority


class DashboardView(CapabilityRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "maintenance/dashboard.html"

    def get_context_data(self, **kwargs):
        start, end, days = period_of(self.request)
        weeks = weeks_of(self.request)
        now = timezone.now()
        lines = history_lines_for(self.request.user)  # the lines whose figures the reader may see (fail closed)
        # weeks end at today in the reader's plant (each ticket counts in its own plant's zone)
        facilities = list(Facility.objects.filter(lines__in=lines).distinct().order_by("pk")[:2])
        zone = facilities[0] if len(facilities) == 1 else None
        trend = dashboard.sla_trend(now, weeks, lines, zone)
        monthly = weeks > dashboard.MONTHLY_ABOVE
        ages = dashboard.open_by_age_and_priority(now, lines)
        buckets = [(key, label) for key, _low, _high, label in dashboard.AGE_BUCKETS]
        age_rows = [(row, [(count, ages_url(row.priority.pk, key)) for count, (key, _label) in
                           zip(row.counts, buckets, strict=True)]) for row in ages]
        chart = {
            "sla": {"labels": [period_label(p.first, p.last, monthly) for p in trend],
                    "resolution": [p.resolution_pct for p in trend], "response": [p.response_pct for p in trend],
                    "names": {"resolution": _("Resolution within SLA (%)"), "response": _("Response within SLA (%)")}},
            "ages": {"labels": [str(label) for _key, label in buckets],
                     "series": [{"label": row.priority.localized_name,
                                 "colour": BOOTSTRAP_COLOURS.get(row.priority.colour, "#6c757d"),
                                 "counts": list(row.counts), "urls": [url for _count, url in cells]}
                                for row, cells in age_rows]},
        }
        return super().get_context_data(
            days=days, period_days=sorted({*PERIOD_DAYS, days}), weeks=weeks, trend_weeks=dashboard.TREND_WEEKS,
            monthly=monthly, trend=trend, buckets=buckets, age_rows=age_rows, chart=chart,
            priorities=[_with_total(row) for row in ages],
            ages={key: sum(row.counts[i] for row in ages) for i, (key, _label) in enumerate(buckets)},
            sla=dashboard.sla_compliance(start, end, lines), min_failures=MIN_FAILURES,
            machines=dashboard.reliability_top(start, end, lines=lines),
            plans=dashboard.plans_due_this_week(now, lines), **kwargs)
