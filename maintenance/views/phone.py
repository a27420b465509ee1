"""The technician's phone page: my tickets (and unassigned open ones) by priority and SLA time left, with start,
pause and finish (notes, parts, labour) one tap away.

With JS the page sends its commands through the shared offline queue to the REST transition endpoint; without JS
the forms post here. Both go through ``run_command`` with an idempotency key (stored once in ``TicketCommand``).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maintenance.models import OPEN_STATES, Ticket
from maintenance.services.commands import run_command
from maintenance.services.sla import calendar_for, working_time_left
from portal.access import capability_required
from portal.offline import offline_shell

WORK = "maintenance.work_tickets"
PHONE_ACTIONS = {"start": (), "pause": ("hold_reason",), "finish": ("resolution",)}


@offline_shell
@capability_required(WORK)
def my_tickets(request):
    now = timezone.now()
    tickets = list(Ticket.objects.filter(state__in=OPEN_STATES)
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
    })


def _key(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@require_POST
@capability_required(WORK)
def phone_action(request, pk: int, action: str):
    """Start / pause / finish without JS, with an optional note, part and labour minutes (all or nothing)."""
    ticket = get_object_or_404(Ticket, pk=pk)
    if action not in PHONE_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("maintenance:my")
    fields = {name: request.POST.get(name, "") for name in PHONE_ACTIONS[action]}
    work = {name: request.POST.get(name, "") for name in ("note", "part_number", "quantity", "minutes")}
    outcome = run_command(ticket, request.user, action, key=_key(request.POST.get("key", "")), fields=fields,
                          work=work)
    if outcome.applied:
        messages.success(request, _("MT-%(pk)s: %(state)s.") % {"pk": outcome.ticket.pk,
                                                                "state": outcome.ticket.state_label})
    else:
        messages.error(request, outcome.message)
    return redirect("maintenance:my")
