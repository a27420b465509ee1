"""Report a maintenance ticket: any floor user with ``maintenance.report_ticket`` (a line they work on, optionally
one of its machines through the shared scanner input, problem, priority, photo). The page only parses the form;
``maintenance.services.tickets.report_ticket`` writes through the core receiver, so a double tap or the offline
queue's replay of the same key opens one ticket."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maintenance.forms import ReportForm, machine_choices
from maintenance.services.tickets import REPORT_KIND, report_ticket
from portal.access import capability_required
from portal.commands import Invalid, Refused, floor_write, refusal_response, show_on_form, wants_json
from portal.models import Machine
from portal.roles import REPORT_MAINTENANCE, VIEW_MAINTENANCE
from portal.services.scoping import NO_LINES_HINT, lines_for

REPORT = REPORT_MAINTENANCE
VIEW = VIEW_MAINTENANCE


def _initial(request, lines) -> dict:
    initial = {"key": uuid.uuid4()}
    machine_id = request.GET.get("machine", "")
    if machine_id.isdigit() and (machine := Machine.objects.filter(pk=machine_id, active=True,
                                                                   line__in=lines).first()):
        initial.update(line=machine.line_id, machine=machine.code)
    elif request.GET.get("line", "").isdigit():
        initial["line"] = int(request.GET["line"])
    return initial


@floor_write(REPORT_KIND)
@capability_required(REPORT)
def report_ticket_page(request):
    lines = lines_for(request.user)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, lines=lines)
        if form.is_valid():
            data = form.cleaned_data
            try:
                received = report_ticket(
                    request.user, key=data["key"], line=data["line"], machine=data["machine"],
                    problem=data["problem"], description=data["description"], priority=data["priority"],
                    photo=data.get("photo"))
            except Refused as refused:
                if wants_json(request):
                    return refusal_response(refused)
                show_on_form(form, refused)
            else:
                ticket = received.record
                message = _("MT-%(pk)s reported: maintenance sees it now.") % {"pk": ticket.pk}
                url = ticket.get_absolute_url() if request.user.has_perm(VIEW) else ""
                if wants_json(request):  # the offline queue: the page opens the ticket (``url``) when it may
                    return JsonResponse({"id": ticket.pk, "number": f"MT-{ticket.pk}", "message": message,
                                         "url": url}, status=received.status)
                messages.success(request, message)
                return redirect(url or "maintenance:report")
        elif wants_json(request):
            return refusal_response(Invalid(errors={
                ("non_field_errors" if name == "__all__" else name): [str(m) for m in errors]
                for name, errors in form.errors.items()}))
    else:
        form = ReportForm(initial=_initial(request, lines), lines=lines)
    return render(request, "maintenance/report.html", {
        "form": form, "machines": machine_choices(lines), "no_lines_hint": NO_LINES_HINT if not lines else ""})
