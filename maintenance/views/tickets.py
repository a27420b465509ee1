"""A ticket's page (details, SLA, work recorded, the workflow panel) and its workflow actions (through
``run_command``: the core receiver, the same rules as the phone and the API)."""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from maintenance.forms import LabourForm, PartForm, PhotoForm
from maintenance.models import OPEN_STATES, Ticket, TicketPhoto
from maintenance.services.commands import KIND, MANAGE, log_work, run_command
from maintenance.services.sla import working_time_left
from portal.access import CapabilityRequiredMixin
from portal.calendar.store import calendar_for
from portal.commands import floor_write
from portal.pdf import render_pdf_response
from portal.photos import serve_upload
from portal.roles import REPORT_MAINTENANCE, VIEW_MAINTENANCE, WORK_MAINTENANCE
from portal.workflow.views import WorkflowActionView, workflow_panel

VIEW = VIEW_MAINTENANCE
WORK = WORK_MAINTENANCE
REPORT = REPORT_MAINTENANCE


def may_work_on(user, ticket: Ticket) -> bool:
    """The ticket page offers the work forms to its assignee and to maintenance admins, on an open ticket."""
    return (ticket.state in OPEN_STATES and user.has_perm(WORK)
            and (ticket.assigned_to_id == user.pk or user.has_perm(MANAGE)))


def ticket_queryset():
    return Ticket.objects.select_related("line__facility", "machine", "priority", "assigned_to", "reported_by",
                                         "verified_by", "plan")


class TicketDetailView(CapabilityRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "maintenance/ticket.html"

    def get_context_data(self, **kwargs):
        ticket = get_object_or_404(ticket_queryset(), pk=self.kwargs["pk"])
        now = timezone.now()
        calendar = calendar_for(ticket.line.facility)
        action_url = reverse("maintenance:ticket-workflow", args=[ticket.pk, "x"])[:-2]
        user = self.request.user
        return super().get_context_data(
            ticket=ticket, facility=ticket.line.facility, past_sla=ticket.past_sla(now),
            time_left=working_time_left(ticket, now, calendar) if ticket.is_open else None,
            panel=workflow_panel(ticket, self.request.user, action_url),
            labour=ticket.labour.select_related("technician"), parts=ticket.parts.select_related("added_by"),
            photos=ticket.photos.all(), checklist=ticket.checklist.select_related("done_by"),
            downtime=ticket.downtime_links.select_related("event__category__parent"),
            can_work=may_work_on(user, ticket), can_photo=may_work_on(user, ticket) and user.has_perm(REPORT),
            work_keys={what: uuid.uuid4() for what in ("part", "labour", "photo")},
            part_form=PartForm(), labour_form=LabourForm(), photo_form=PhotoForm(), **kwargs)


@floor_write(KIND)
class TicketWorkflowView(WorkflowActionView):
    """The workflow panel's buttons and comments, through ``run_command`` / ``log_work`` (a comment is a note on
    the ticket: its assignee's or a maintenance admin's)."""

    model = Ticket
    permission_required = VIEW

    def comment(self, ticket, text: str):
        log_work(ticket, self.request.user, "note", key=self.request.POST.get("key"), note=text)
        return ticket

    def take(self, ticket, action: str, values: dict):
        run_command(ticket, self.request.user, action, key=self.request.POST.get("key"), fields=values)
        return ticket


class TicketPdfView(CapabilityRequiredMixin, View):
    """The work order as a PDF (shared letterhead, page x of y): to print and sign at the machine."""

    permission_required = VIEW

    def get(self, request, pk: int):
        ticket = get_object_or_404(ticket_queryset(), pk=pk)
        context = {"ticket": ticket, "facility": ticket.line.facility, "parts": ticket.parts.all(),
                   "labour": ticket.labour.select_related("technician"), "checklist": ticket.checklist.all(),
                   "timeline": list(ticket.timeline())}
        return render_pdf_response("maintenance/work_order_pdf.html", context, filename=f"MT-{ticket.pk}.pdf",
                                   title=_("Maintenance work order"), document_number=f"MT-{ticket.pk}")


class TicketPhotoView(CapabilityRequiredMixin, View):
    """A ticket's photo, only to users who may see tickets (media is not served publicly)."""

    permission_required = VIEW

    def get(self, request, pk: int):
        return serve_upload(get_object_or_404(TicketPhoto, pk=pk).image)
