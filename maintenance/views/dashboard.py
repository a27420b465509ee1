"""The maintenance dashboard (reports hub): figures from maintenance.services.dashboard."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from maintenance.services import dashboard
from portal.access import CapabilityRequiredMixin
from portal.roles import VIEW_MAINTENANCE
from portal.services.scoping import history_lines_for

from .lists import period_of

VIEW = VIEW_MAINTENANCE


class DashboardView(CapabilityRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "maintenance/dashboard.html"

    def get_context_data(self, **kwargs):
        start, end, days = period_of(self.request)
        now = timezone.now()
        lines = history_lines_for(self.request.user)  # the lines whose figures the reader may see (fail closed)
        return super().get_context_data(
            days=days, priorities=dashboard.open_by_priority(lines), ages=dashboard.open_by_age(now, lines),
            sla=dashboard.sla_compliance(start, end, lines),
            machines=dashboard.reliability_top(start, end, lines=lines),
            plans=dashboard.plans_due_this_week(now, lines), **kwargs)
