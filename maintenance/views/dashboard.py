"""The maintenance dashboard (reports hub): figures from maintenance.services.dashboard."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from maintenance.services import dashboard
from portal.access import CapabilityRequiredMixin
from portal.roles import VIEW_MAINTENANCE

from .lists import period_of

VIEW = VIEW_MAINTENANCE


class DashboardView(CapabilityRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "maintenance/dashboard.html"

    def get_context_data(self, **kwargs):
        start, end, days = period_of(self.request)
        now = timezone.now()
        return super().get_context_data(
            days=days, priorities=dashboard.open_by_priority(), ages=dashboard.open_by_age(now),
            sla=dashboard.sla_compliance(start, end), machines=dashboard.reliability_top(start, end),
            plans=dashboard.plans_due_this_week(now), **kwargs)
