"""Report a maintenance ticket: any floor user with ``maintenance.report_ticket`` (line, optional machine through
the shared scanner input, problem, priority, photo). A double tap opens one ticket (idempotency key)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maintenance.forms import ReportForm, machine_choices
from maintenance.services.tickets import open_ticket
from maintenance.services.work import add_photo
from portal.access import capability_required
from portal.models import Machine

REPORT = "maintenance.report_ticket"
VIEW = "maintenance.view_maintenance"


def _initial(request) -> dict:
    initial = {"key": uuid.uuid4()}
    machine_id = request.GET.get("machine", "")
    if machine_id.isdigit() and (machine := Machine.objects.filter(pk=machine_id, active=True).first()):
        initial.update(line=machine.line_id, machine=machine.code)
    elif request.GET.get("line", "").isdigit():
        initial["line"] = int(request.GET["line"])
    return initial


@capability_required(REPORT)
def report_ticket(request):
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # the photo belongs to the ticket: both or neither
                    ticket, created = open_ticket(
                        line=data["line"], machine=data["machine"], problem=data["problem"],
                        description=data["description"], priority=data["priority"], reported_by=request.user,
                        idempotency_key=data["key"])
                    if created and data.get("photo"):
                        add_photo(ticket, request.user, data["photo"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("MT-%(pk)s reported: maintenance sees it now.") % {"pk": ticket.pk})
                if request.user.has_perm(VIEW):
                    return redirect(ticket.get_absolute_url())
                return redirect("maintenance:report")
    else:
        form = ReportForm(initial=_initial(request))
    return render(request, "maintenance/report.html", {"form": form, "machines": machine_choices()})
