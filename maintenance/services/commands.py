"""Commands on a ticket: a workflow transition with the work that goes with it (note, part, labour minutes).

The phone page (through the shared offline queue), its no-JS form and the REST API all come here. With an
idempotency ``key`` the command is stored once in ``TicketCommand``: a repeated key answers the first outcome
again and applies nothing, also when two copies arrive at once (the second waits on the unique key, then reads
the first's row).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from maintenance.models import Ticket, TicketCommand
from maintenance.models.tickets import technician_q
from portal.workflow import TransitionRefused, add_comment, apply_transition
from portal.workflow.services import refusal

from .work import add_labour, add_part

WORK = "maintenance.work_tickets"


@dataclass
class Outcome:
    """What a command did: ``status`` 200 when applied; 403 (the user lacks the transition's permission),
    409 (the workflow refused it) or 400 (invalid work data) with ``message`` otherwise."""

    ticket: Ticket
    status: int = 200
    message: str = ""
    field_errors: dict[str, str] = field(default_factory=dict)
    replayed: bool = False

    @property
    def applied(self) -> bool:
        return self.status == 200


def technicians() -> QuerySet:
    """Active users who hold the technician capability (through a role or directly): who a ticket may go to."""
    return get_user_model().objects.filter(technician_q()).distinct().order_by("first_name", "last_name", "username")


def _apply(ticket: Ticket, user, action: str, fields: dict[str, Any], work: dict[str, Any]) -> Outcome:
    transition = ticket.workflow.transition(action)
    if transition is None:
        return Outcome(ticket, 409, _("Unknown action."))
    if transition.permission and not user.has_perm(transition.permission):
        return Outcome(ticket, 403, refusal(ticket, transition, user) or _("You may not do this."))
    try:
        with transaction.atomic():  # all or nothing: a refused transition keeps no part, labour or note
            if (work.get("part_number") or "").strip():
                add_part(ticket, user, work["part_number"], work.get("quantity") or 1)
            if str(work.get("minutes") or "").strip():
                add_labour(ticket, user, work["minutes"])
            if (work.get("note") or "").strip():
                add_comment(ticket, user, work["note"])
            ticket = apply_transition(ticket, action, user, **fields)
    except ValidationError as exc:
        errors = {k: " ".join(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
        return Outcome(ticket, 400, " ".join(exc.messages), errors)
    except TransitionRefused as refused:
        return Outcome(ticket, 409, str(refused.message), {k: str(v) for k, v in refused.field_errors.items()})
    return Outcome(ticket)


def _replay(command: TicketCommand) -> Outcome:
    return Outcome(command.ticket, command.status, command.message, replayed=True)


def run_command(ticket: Ticket, user, action: str, *, key: uuid.UUID | None = None,
                fields: dict[str, Any] | None = None, work: dict[str, Any] | None = None) -> Outcome:
    """Take ``action`` on ``ticket`` with ``fields`` (the transition's) after recording ``work`` (note,
    part_number, quantity, minutes). With ``key``: exactly once, a repeat answers the first outcome."""
    fields, work = fields or {}, work or {}
    if key is None:
        return _apply(ticket, user, action, fields, work)
    with transaction.atomic():
        done = TicketCommand.objects.select_related("ticket").filter(key=key).first()
        if done is not None:
            return _replay(done)
        try:
            with transaction.atomic():
                command = TicketCommand.objects.create(
                    key=key, ticket=ticket, action=action[:20], user=user,
                    payload={k: str(v) for k, v in {**fields, **work}.items() if v not in (None, "")})
        except IntegrityError:  # the same key arrived at the same moment and was stored first: its outcome
            return _replay(TicketCommand.objects.select_related("ticket").get(key=key))
        outcome = _apply(ticket, user, action, fields, work)
        command.applied, command.status, command.message = outcome.applied, outcome.status, outcome.message[:500]
        command.save(update_fields=["applied", "status", "message"])
        return outcome
