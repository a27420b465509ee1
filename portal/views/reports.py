from django.views.generic import TemplateView

from portal.access import CapabilityRequiredMixin
from portal.reports import reports_for
from portal.roles import VIEW_REPORTS


class ReportsHubView(CapabilityRequiredMixin, TemplateView):
    """Every report the user may open, grouped by area (apps register them: portal/reports.py)."""

    permission_required = VIEW_REPORTS
    template_name = "portal/reports_hub.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "areas": reports_for(self.request.user)}
