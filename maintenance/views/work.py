"""Work recorded from the ticket page (and the phone page's photo): a part, labour minutes, a checklist tick, a
photo. Each parses its form and calls ``maintenance.services.commands.log_work`` (the core receiver): by the
ticket's assignee or a maintenance admin, on an open ticket of the writer's lines, all or nothing; the page comes
back with the sentence of what happened or why not (JSON in the core contract for the offline queue)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from maintenance.models import Ticket
from maintenance.services.commands import KIND, log_work, ticket_for_command
from portal.access import CapabilityRequiredMixin
from portal.commands import Refused, floor_write, refusal_response, wants_json
from portal.roles import REPORT_MAINTENANCE, WORK_MAINTENANCE

WORK = WORK_MAINTENANCE
REPORT = REPORT_MAINTENANCE


def _back(request, ticket: Ticket):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(ticket.get_absolute_url())


class _WorkView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def record(self, request, ticket: Ticket, what: str) -> str:
        raise NotImplementedError

    def answer(self, request, pk: int, what: str):
        try:
            ticket = ticket_for_command(pk)
        except Refused as refused:
            if wants_json(request):
                return refusal_response(refused)
            raise Http404 from None
        try:
            message = self.record(request, ticket, what)
        except Refused as refused:
            if wants_json(request):
                return refusal_response(refused)
            messages.error(request, refused.message)
            return _back(request, ticket)
        if wants_json(request):
            return JsonResponse({"message": message})
        messages.success(request, message)
        return _back(request, ticket)


@floor_write(KIND)
class TicketWorkView(_WorkView):
    """POST ``part``, ``labour`` or ``tick`` (a checklist step; ``done`` unticks when absent). The service checks
    who may (before anything else) and the values."""

    permission_required = WORK
    kinds = ("part", "labour", "tick")

    def post(self, request, pk: int, what: str):
        if what not in self.kinds:
            raise Http404
        return self.answer(request, pk, what)

    def record(self, request, ticket: Ticket, what: str) -> str:
        post, key = request.POST, request.POST.get("key")
        if what == "part":
            part = log_work(ticket, request.user, "part", key=key, part_number=post.get("part_number", ""),
                            quantity=post.get("quantity", ""), description=post.get("description", "")).record
            return _("Part %(part)s recorded.") % {"part": part.part_number}
        if what == "labour":
            entry = log_work(ticket, request.user, "labour", key=key, minutes=post.get("minutes", ""),
                             note=post.get("note", "")).record
            return _("%(minutes)s minutes of labour recorded.") % {"minutes": entry.minutes}
        item = log_work(ticket, request.user, "tick", key=key, item=post.get("item", ""),
                        done=bool(post.get("done"))).record
        return (_("Step ticked: %(step)s.") if item.done_at else _("Step unticked: %(step)s.")) % {"step": item.text}


@floor_write(KIND)
class TicketPhotoAddView(_WorkView):
    """A photo from the phone's camera or a file, on a ticket the uploader may work on (its assignee or a
    maintenance admin: checked first), checked by ``portal.photos`` (extension and content agree, JPEG, PNG or
    WebP, size and pixel limits, stored under a generated name); refused with the reason and nothing stored."""

    permission_required = REPORT

    def post(self, request, pk: int):
        return self.answer(request, pk, "photo")

    def record(self, request, ticket: Ticket, what: str) -> str:
        log_work(ticket, request.user, "photo", key=request.POST.get("key"), photo=request.FILES.get("photo"),
                 caption=request.POST.get("caption", ""))
        return _("Photo added to MT-%(pk)s.") % {"pk": ticket.pk}
