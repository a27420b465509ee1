"""A ticket's page (details, SLA, work recorded, the workflow panel) and its workflow actions."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from maintenance.forms import LabourForm, PartForm, PhotoForm
from maintenance.models import Ticket, TicketPhoto
from maintenance.services.sla import calendar_for, working_time_left
from portal.access import CapabilityRequiredMixin
from portal.pdf import render_pdf_response
from portal.photos import serve_upload
from portal.workflow.views import WorkflowActionView, workflow_panel

VIEW = "maintenance.view_maintenance"
WORK = "maintenance.work_tickets"
REPORT = "maintenance.report_ticket"
CLOSED = ("verified", "cancelled")


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
            can_work=user.has_perm(WORK) and ticket.state not in CLOSED,
            can_photo=user.has_perm(REPORT) and ticket.state not in CLOSED,
            part_form=PartForm(), labour_form=LabourForm(), photo_form=PhotoForm(), **kwargs)


class TicketWorkflowView(WorkflowActionView):
    model = Ticket
    permission_required = VIEW


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
