"""Opening tickets (a floor report through the core receiver), and the read of open tickets other modules use
(the andon board)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance.models import OPEN_STATES, Priority, Ticket
from portal.commands import Received, normalise_key, receive
from portal.models import Machine, ProductionLine
from portal.services.machines import check_machine_on_line
from portal.services.scoping import require_line

from .sla import set_due_moments

REPORT_KIND = "maintenance.report"


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
    """Open a ticket (SLA due moments set). Returns ``(ticket, True)``.

    Floor reports come through ``report_ticket`` (the core receiver keeps their keys); the downtime link, the
    preventive plans and the demo call this directly."""
    problem = (problem or "").strip()
    errors = {}
    if not problem:
        errors["problem"] = _("Describe the problem.")
    if machine is not None and machine.line_id != line.pk:
        errors["machine"] = _("Machine %(machine)s is not on line %(line)s.") % {"machine": machine.code,
                                                                                  "line": line.code}
    if errors:
        raise ValidationError(errors)
    ticket = Ticket(line=line, machine=machine, problem=problem[:200], description=(description or "").strip(),
                    priority=priority or default_priority(), kind=kind, source=source, reported_by=reported_by,
                    opened_at=opened_at or timezone.now(), idempotency_key=idempotency_key, **extra)
    ticket.state_entered_at = ticket.opened_at
    set_due_moments(ticket)
    ticket.save()
    return ticket, True


def _uuid(key: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(normalise_key(key))) if normalise_key(key) else None
    except ValueError:
        return None


def report_payload(*, line, machine, problem: str, description: str, priority, kind: str) -> dict:
    """What a report says, compared on a replay of its key (files are not part of it)."""
    return {"line": line, "machine": machine, "problem": (problem or "").strip(),
            "description": (description or "").strip(), "priority": priority, "kind": kind}


def report_ticket(user, *, line: ProductionLine, problem: str, machine: Machine | None = None,
                  priority: Priority | None = None, kind: str = Ticket.Kind.CORRECTIVE, description: str = "",
                  photo=None, key: Any = None) -> Received:
    """A floor user reports a problem (page and API), through the core receiver (kind ``maintenance.report``):
    on a line the user works on (403 otherwise), for an active machine of that line or the whole line (400), with
    an optional photo checked by ``portal.photos`` (400, nothing stored). A replay of the reporter's key answers
    the ticket opened the first time (and adds no second photo)."""
    from .work import add_photo

    def authorize() -> None:
        require_line(user, line)

    def perform() -> Ticket:
        check_machine_on_line(machine, line)
        ticket, _created = open_ticket(line=line, machine=machine, problem=problem, description=description,
                                       priority=priority, kind=kind, reported_by=user,
                                       idempotency_key=_uuid(key))
        if photo:
            try:
                add_photo(ticket, user, photo)
            except ValidationError as exc:
                raise ValidationError({"photo": exc.messages}) from None
        return ticket

    payload = report_payload(line=line, machine=machine, problem=problem, description=description,
                             priority=priority, kind=kind)
    return receive("maintenance.report", user=user, key=key, payload=payload, authorize=authorize, perform=perform)


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
