"""Opening tickets, and the read of open tickets other modules use (the andon board)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance.models import OPEN_STATES, Priority, Ticket
from portal.models import Machine, ProductionLine

from .sla import set_due_moments


def default_priority() -> Priority:
    priority = Priority.objects.active().order_by("rank").last()  # the least urgent level unless told otherwise
    if priority is None:
        priority = Priority.objects.create(name="Normal", name_es="Normal", rank=3, response_hours=4,
                                           resolution_hours=16)
    return priority


def open_ticket(*, line: ProductionLine, problem: str, priority: Priority | None = None,
                machine: Machine | None = None, kind: str = Ticket.Kind.CORRECTIVE,
                source: str = Ticket.Source.MANUAL, description: str = "", reported_by=None,
                opened_at: dt.datetime | None = None, idempotency_key: uuid.UUID | None = None,
                **extra) -> tuple[Ticket, bool]:
    """Open a ticket (SLA due moments set); a repeated ``idempotency_key`` returns the ticket opened with it."""
    if idempotency_key:
        existing = Ticket.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    problem = (problem or "").strip()
    errors = {}
    if not problem:
        errors["problem"] = _("Describe the problem.")
    if machine is not None and machine.line_id != line.pk:
        errors["machine"] = _("Machine %(machine)s is not on line %(line)s.") % {"machine": machine.code,
                                                                                  "line": line.code}
    if errors:
        raise ValidationError(errors)
    ticket = Ticket(line=line, machine=machine, problem=problem[:200], description=description.strip(),
                    priority=priority or default_priority(), kind=kind, source=source, reported_by=reported_by,
                    opened_at=opened_at or timezone.now(), idempotency_key=idempotency_key, **extra)
    ticket.state_entered_at = ticket.opened_at
    set_due_moments(ticket)
    try:
        with transaction.atomic():
            ticket.save()
    except IntegrityError:
        if idempotency_key:
            existing = Ticket.objects.filter(idempotency_key=idempotency_key).first()
            if existing:
                return existing, False
        raise
    return ticket, True


def open_tickets_for_lines(line_ids: list[int]) -> list[dict]:
    """Open tickets of these lines, most urgent first (the andon board's hook; one query).

    Keys: id, machine (code, or "" for a line-level ticket), line_id, priority (name), priority_rank, state,
    opened_at (aware UTC), problem, title (= problem), past_sla (bool), url.
    """
    now = timezone.now()
    rows = (Ticket.objects.filter(line_id__in=list(line_ids), state__in=OPEN_STATES)
            .select_related("machine", "priority").order_by("priority__rank", "opened_at", "pk"))
    return [{
        "id": t.pk,
        "machine": t.machine.code if t.machine_id else "",
        "line_id": t.line_id,
        "priority": t.priority.localized_name,
        "priority_rank": t.priority.rank,
        "state": t.state,
        "opened_at": t.opened_at,
        "problem": t.problem,
        "title": t.problem,
        "past_sla": t.past_sla(now),
        "url": t.get_absolute_url(),
    } for t in rows]


def open_tickets_of(lines: Iterable[int]) -> list[Ticket]:
    return list(Ticket.objects.filter(line_id__in=list(lines), state__in=OPEN_STATES))
