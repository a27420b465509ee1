"""The technician's phone page: my tickets (and unassigned open ones) by priority and SLA time left, with start,
pause and finish (notes, parts, labour) one tap away.

With JS the page sends its commands through the shared offline queue to the REST transition endpoint; without JS
the forms post here. Both go through ``run_command`` (the core receiver, the key the technician's own). The page
lists tickets of the technician's lines only (fail closed: without a department, none, and the page says why).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maintenance.models import OPEN_STATES, Ticket
from maintenance.services.commands import KIND, run_command, ticket_for_command
from maintenance.services.sla import working_time_left
from portal.access import capability_required
from portal.calendar.store import calendar_for
from portal.commands import Invalid, Refused, floor_write, refusal_response, wants_json
from portal.offline import offline_shell
from portal.roles import WORK_MAINTENANCE
from portal.services.scoping import NO_LINES_HINT, history_lines_for, lines_for

WORK = WORK_MAINTENANCE
PHONE_ACTIONS = {"start": (), "pause": ("hold_reason",), "finish": ("resolution",)}


@offline_shell
@capability_required(WORK)
def my_tickets(request):
    now = timezone.now()
    tickets = list(Ticket.objects.filter(state__in=OPEN_STATES, line__in=history_lines_for(request.user))
                   .filter(Q(assigned_to=request.user) | Q(assigned_to__isnull=True))
                   .select_related("line__facility", "machine", "priority")
                   .order_by("priority__rank", "resolution_due", "pk")[:100])
    calendars = {}
    for ticket in tickets:
        facility = ticket.line.facility
        calendars.setdefault(facility.pk, calendar_for(facility))
        ticket.time_left = working_time_left(ticket, now, calendars[facility.pk])
        ticket.late = ticket.past_sla(now)
        ticket.keys = {action: uuid.uuid4() for action in PHONE_ACTIONS}  # the no-JS forms: a re-post applies once
    workflow = Ticket.workflow
    return render(request, "maintenance/my_tickets.html", {
        "tickets": tickets,
        "state_labels": {value: str(label) for value, label in Ticket.State.choices},
        "action_labels": {name: str(workflow.transition(name).label) for name in PHONE_ACTIONS},
        "no_lines_hint": "" if lines_for(request.user).exists() else NO_LINES_HINT,
    })


@floor_write(KIND)
@require_POST
@capability_required(WORK)
def phone_action(request, pk: int, action: str):
    """Start / pause / finish without JS, with an optional note, part and labour minutes (all or nothing)."""
    try:
        if action not in PHONE_ACTIONS:
            raise Invalid(_("Unknown action."), field="action")
        ticket = ticket_for_command(pk)
        fields = {name: request.POST.get(name, "") for name in PHONE_ACTIONS[action]}
        work = {name: request.POST.get(name, "") for name in ("note", "part_number", "quantity", "minutes")}
        received = run_command(ticket, request.user, action, key=request.POST.get("key") or None, fields=fields,
                               work=work)
    except Refused as refused:
        if wants_json(request):
            return refusal_response(refused)
        messages.error(request, refused.message)
        return redirect("maintenance:my")
    ticket = received.record
    if wants_json(request):
        return JsonResponse({"id": ticket.pk, "state": ticket.state}, status=200)
    messages.success(request, _("MT-%(pk)s: %(state)s.") % {"pk": ticket.pk, "state": ticket.state_label})
    return redirect("maintenance:my")
