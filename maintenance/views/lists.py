"""Maintenance lists through the shared list view: tickets, and MTBF/MTTR per machine (filters, sort, export)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maintenance.filters import MachineFilter, TicketFilter
from maintenance.models import Ticket
from maintenance.services.reliability import DEFAULT_DAYS, with_reliability
from portal.lists.columns import ChoiceColumn, Column, LocalDateTimeColumn, TranslatedColumn
from portal.lists.views import PortalListView
from portal.models import Machine
from portal.roles import VIEW_MAINTENANCE

VIEW = VIEW_MAINTENANCE


def _ticket_url(row) -> str:
    return reverse("maintenance:ticket", args=[row.pk])


def _past_sla(row) -> str:
    return str(_("Yes")) if row.past_sla() else ""


class TicketListView(PortalListView):
    permission_required = VIEW
    title = _("Maintenance tickets")
    intro = _("SLA targets count working time: the facility's shifts on its working days. A ticket is past its SLA "
              "when it is not finished by its resolution due time.")
    filterset_class = TicketFilter
    default_sort = "-opened_at"
    export_name = "maintenance-tickets"
    columns = (
        Column("number", _("Ticket"), sort="pk", getter=lambda t: f"MT-{t.pk}", link=_ticket_url, css="text-nowrap"),
        Column("problem", _("Problem"), sort="problem", width=40, link=_ticket_url),
        Column("line.code", _("Line"), sort="line__code"),
        Column("machine.code", _("Machine"), sort="machine__code"),
        ChoiceColumn("kind", _("Type"), sort="kind", choices=Ticket.Kind),
        TranslatedColumn("priority.name", _("Priority"), sort="priority__rank"),
        ChoiceColumn("state", _("State"), sort="state", choices=Ticket.State),
        Column("assigned_to", _("Technician"), sort="assigned_to__username"),
        LocalDateTimeColumn("opened_at", pgettext_lazy("maintenance ticket", "Opened"), sort="opened_at",
                            zone="line.facility"),
        LocalDateTimeColumn("resolution_due", _("Resolution due"), sort="resolution_due", zone="line.facility"),
        LocalDateTimeColumn("finished_at", _("Finished"), sort="finished_at", zone="line.facility"),
        Column("past_sla", _("Past SLA"), getter=_past_sla),
        Column("labour_minutes", _("Labour (min)"), kind="int", sort="labour_minutes"),
    )

    def get_queryset(self):
        return Ticket.objects.select_related("line__facility", "machine", "priority", "assigned_to")

    def row_css(self, row) -> str:
        return "table-danger" if row.is_open and row.past_sla() else ""


def period_of(request) -> tuple[dt.datetime, dt.datetime, int]:
    """The last N days (``?days=``, 30 to 1095, default DEFAULT_DAYS) up to now."""
    try:
        days = min(max(int(request.GET.get("days", DEFAULT_DAYS)), 30), 1095)
    except ValueError:
        days = DEFAULT_DAYS
    end = timezone.now()
    return end - dt.timedelta(days=days), end, days


def _machine_url(row) -> str:
    return reverse("maintenance:machine", args=[row.pk])


class ReliabilityListView(PortalListView):
    permission_required = VIEW
    title = _("MTBF and MTTR per machine")
    intro = _("Last N days (?days=, default 90). Only corrective tickets and unplanned downtime count. "
              "MTBF = (hours in the period − unplanned downtime hours linked to the machine's corrective tickets) ÷ "
              "corrective tickets opened; empty with fewer than 2 in the period (not enough failures). MTTR = "
              "Σ (finished − opened) of the finished corrective tickets ÷ their number.")
    filterset_class = MachineFilter
    default_sort = "mtbf_hours"
    tiebreak = "pk"
    export_name = "maintenance-mtbf-mttr"
    kept_params = ("days",)
    columns = (
        Column("line.code", _("Line"), sort="line__code"),
        Column("code", _("Machine"), sort="code", link=_machine_url),
        TranslatedColumn("name", _("Name"), sort="name"),
        Column("failures", _("Corrective tickets"), kind="int", sort="failures"),
        Column("downtime_minutes", _("Unplanned downtime (min)"), kind="int", sort="downtime_minutes"),
        Column("mtbf_hours", _("MTBF (h)"), kind="decimal", sort="mtbf_hours"),
        Column("mttr_hours", _("MTTR (h)"), kind="decimal", sort="mttr_hours"),
    )

    def get_queryset(self):
        start, end, _days = period_of(self.request)
        return with_reliability(Machine.objects.filter(active=True).select_related("line"), start, end)
