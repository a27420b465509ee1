"""A machine's maintenance history: its tickets, linked downtime, MTBF and MTTR with the formula."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from maintenance.models import DowntimeLink, PreventivePlan, Ticket
from maintenance.services.dashboard import calendar_due
from maintenance.services.reliability import MIN_FAILURES, PERIOD_DAYS, machine_reliability
from portal.access import CapabilityRequiredMixin
from portal.models import Machine
from portal.roles import VIEW_MAINTENANCE

from .lists import period_of

VIEW = VIEW_MAINTENANCE
HISTORY_ROWS = 200


class MachineHistoryView(CapabilityRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "maintenance/machine.html"

    def get_context_data(self, **kwargs):
        machine = get_object_or_404(Machine.objects.select_related("line__facility"), pk=self.kwargs["pk"])
        start, end, days = period_of(self.request)
        tickets = list(Ticket.objects.filter(machine=machine).select_related("priority", "assigned_to")
                       .order_by("-opened_at")[:HISTORY_ROWS])
        downtime = list(DowntimeLink.objects.filter(ticket__machine=machine)
                        .select_related("event__category__parent", "ticket").order_by("-event__start")[:HISTORY_ROWS])
        plans = list(PreventivePlan.objects.filter(machine=machine, active=True)
                     .select_related("priority", "machine__line__facility"))
        dues = {due.plan.pk: due for due in calendar_due(plans, timezone.now())}  # calendar plans: overdue or when
        return super().get_context_data(
            machine=machine, facility=machine.line.facility, stats=machine_reliability(machine, start, end),
            days=days, period_days=sorted({*PERIOD_DAYS, days}), min_failures=MIN_FAILURES,
            start=start, end=end, tickets=tickets, downtime=downtime, limit=HISTORY_ROWS,
            plans=[(plan, dues.get(plan.pk)) for plan in plans], **kwargs)
