"""The technician's phone page: my tickets (and unassigned open ones) by priority and SLA time left, with start,
pause and finish (notes, parts, labour) one tap away."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maintenance.models import OPEN_STATES, Ticket
from maintenance.services.sla import calendar_for, working_time_left
from maintenance.services.work import add_labour, add_part
from portal.access import capability_required
from portal.workflow import TransitionRefused, add_comment, apply_transition

WORK = "maintenance.work_tickets"
PHONE_ACTIONS = {"start": (), "pause": ("hold_reason",), "finish": ("resolution",)}


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
    return render(request, "maintenance/my_tickets.html", {"tickets": tickets})


@require_POST
@capability_required(WORK)
def phone_action(request, pk: int, action: str):
    """Start / pause / finish from the phone, with an optional note, part and labour minutes."""
    ticket = get_object_or_404(Ticket, pk=pk)
    if action not in PHONE_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("maintenance:my")
    fields = {name: request.POST.get(name, "") for name in PHONE_ACTIONS[action]}
    try:
        with transaction.atomic():  # all or nothing: a refused finish keeps no part, labour or note
            if request.POST.get("part_number", "").strip():
                add_part(ticket, request.user, request.POST["part_number"], request.POST.get("quantity") or 1)
            if request.POST.get("minutes", "").strip():
                add_labour(ticket, request.user, request.POST["minutes"])
            if request.POST.get("note", "").strip():
                add_comment(ticket, request.user, request.POST["note"])
            ticket = apply_transition(ticket, action, request.user, **fields)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("MT-%(pk)s: %(state)s.") % {"pk": ticket.pk, "state": ticket.state_label})
    return redirect("maintenance:my")
