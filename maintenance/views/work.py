"""Work recorded from the ticket page (and the phone page's photo): a part, labour minutes, a checklist tick, a
photo. Each posts, saves all or nothing through the services, and returns to the page with a clear message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from maintenance.forms import LabourForm, PartForm, PhotoForm, TickForm
from maintenance.models import ChecklistItem, Ticket
from maintenance.services.work import add_labour, add_part, add_photo, tick_step
from portal.access import CapabilityRequiredMixin

WORK = "maintenance.work_tickets"
REPORT = "maintenance.report_ticket"
CLOSED = ("verified", "cancelled")


def _errors(form) -> str:
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


def _back(request, ticket: Ticket):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(ticket.get_absolute_url())


def _closed(request, ticket: Ticket) -> bool:
    if ticket.state in CLOSED:
        messages.error(request, _("MT-%(pk)s is %(state)s: no more work can be recorded on it.") % {
            "pk": ticket.pk, "state": ticket.state_label})
        return True
    return False


class TicketWorkView(CapabilityRequiredMixin, View):
    """POST ``part``, ``labour`` or ``tick`` (a checklist step; ``done`` unticks when absent)."""

    permission_required = WORK
    http_method_names = ["post"]

    def post(self, request, pk: int, what: str):
        ticket = get_object_or_404(Ticket, pk=pk)
        form_class = {"part": PartForm, "labour": LabourForm, "tick": TickForm}.get(what)
        if form_class is None:
            raise Http404
        form = form_class(request.POST)
        if _closed(request, ticket):
            return _back(request, ticket)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return _back(request, ticket)
        data = form.cleaned_data
        try:
            if what == "part":
                part = add_part(ticket, request.user, data["part_number"], data["quantity"], data["description"])
                messages.success(request, _("Part %(part)s recorded.") % {"part": part.part_number})
            elif what == "labour":
                add_labour(ticket, request.user, data["minutes"], data["note"])
                messages.success(request, _("%(minutes)s minutes of labour recorded.") % {"minutes": data["minutes"]})
            else:
                item = ChecklistItem.objects.filter(ticket=ticket, pk=data["item"]).first()
                if item is None:
                    raise ValidationError(_("This step is not on the ticket's checklist."))
                tick_step(item, request.user, done=data["done"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return _back(request, ticket)


class TicketPhotoAddView(CapabilityRequiredMixin, View):
    """A photo from the phone's camera or a file; a file that is not a JPEG/PNG/WebP photo, or too large, is
    refused with the reason and nothing is saved."""

    permission_required = REPORT
    http_method_names = ["post"]

    def post(self, request, pk: int):
        ticket = get_object_or_404(Ticket, pk=pk)
        form = PhotoForm(request.POST, request.FILES)
        if _closed(request, ticket):
            return _back(request, ticket)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return _back(request, ticket)
        try:
            add_photo(ticket, request.user, form.cleaned_data["photo"], form.cleaned_data["caption"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Photo added to MT-%(pk)s.") % {"pk": ticket.pk})
        return _back(request, ticket)
