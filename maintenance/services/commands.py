"""Commands on a ticket, through the core receiver (``portal.commands.receive``, kind ``maintenance.command``):
a workflow transition with the work that goes with it (note, part, labour minutes), or work logged on its own
(a part, labour minutes, a checklist tick, a note, a photo).

The phone page (through the shared offline queue), its no-JS form, the ticket page and the REST API all come here.
In the receiver's order:

1. who may write it: the ticket's line is one the writer works on; a transition's permission and its own rule (a
   technician moves their own or an unassigned ticket); work is logged by the ticket's assignee or a maintenance
   admin (``maintenance.manage_tickets``), whose acting for the assignee is audited (``audit_acting_for``);
2. the idempotency key, the writer's own: a replay answers the first outcome, another payload under the same key
   is refused (409 ``key_reused``);
3. the work and the transition, all or nothing, in the key's transaction; nothing is added to a closed ticket
   (409); a refused command spends no key.

Refusals are the core's: 403 (no permission, not yours, not your line), 409 (the workflow refused it, a closed
ticket), 400 (invalid work data, a required field left blank), each with its sentence.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from maintenance.models import OPEN_STATES, ChecklistItem, Ticket
from maintenance.models.tickets import technician_q
from portal.audit import audit_acting_for
from portal.commands import Conflict, Forbidden, Invalid, NotFound, Received, receive
from portal.roles import MANAGE_MAINTENANCE, WORK_MAINTENANCE
from portal.services.scoping import require_line, require_owner
from portal.workflow import TransitionRefused, add_comment, apply_transition

from .work import add_labour, add_part, add_photo, tick_step

KIND = "maintenance.command"
WORK = WORK_MAINTENANCE
MANAGE = MANAGE_MAINTENANCE
# The assignee's own steps: a maintenance admin taking them on another's ticket acts for the assignee.
ASSIGNEE_ACTIONS = ("start", "pause", "finish")
WORK_FIELDS = ("note", "part_number", "quantity", "minutes")
# Work logged on its own, and what each takes.
WORK_KINDS = {"part": ("part_number", "quantity", "description"), "labour": ("minutes", "note"),
              "tick": ("item", "done", "note"), "note": ("note",), "photo": ("photo", "caption")}


def technicians() -> QuerySet:
    """Active users who hold the technician capability (through a role or directly): who a ticket may go to."""
    return get_user_model().objects.filter(technician_q()).distinct().order_by("first_name", "last_name", "username")


def _text(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "read") or hasattr(value, "chunks"):  # a photo: files are not part of the fingerprint
        return None
    return str(value)


def command_payload(ticket_id: int, action: str, values: dict[str, Any]) -> dict[str, Any]:
    """What a command says, compared on a replay: the ticket, the action and each value given, as text (so the
    no-JS form's "20" and the API's 20 are one command; keys stored before the receiver used the same form)."""
    return {"ticket": ticket_id, "action": action,
            **{name: _text(value) for name, value in values.items() if value not in (None, "")}}


def _not_yours(ticket: Ticket) -> str:
    if ticket.assigned_to_id is None:
        return _("MT-%(pk)s is not assigned to you: start it (or ask a maintenance admin to assign it) first.") % {
            "pk": ticket.pk}
    return _("MT-%(pk)s is assigned to %(name)s: only they or a maintenance admin may record work on it.") % {
        "pk": ticket.pk, "name": ticket.assigned_to.get_full_name() or ticket.assigned_to.get_username()}


def _require_ticket_line(user, ticket: Ticket) -> None:
    # The ticket's line, deactivated or not (an open ticket of a retired line must still be finished).
    require_line(user, ticket.line, retired=True)


def _closed(ticket: Ticket) -> Conflict:
    return Conflict(_("MT-%(pk)s is %(state)s: no more work can be recorded on it.") % {
        "pk": ticket.pk, "state": ticket.state_label})


def _acting_for(ticket: Ticket, user):
    """The assignee ``user`` acts for (a maintenance admin working another's ticket), or None."""
    if ticket.assigned_to_id and ticket.assigned_to_id != user.pk:
        return ticket.assigned_to
    return None


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def ticket_for_command(pk) -> Ticket:
    """The ticket a command names (404 in the core contract when there is none)."""
    ticket = (Ticket.objects.select_related("line", "assigned_to").filter(pk=int(pk)).first()
              if str(pk).isdigit() else None)
    if ticket is None:
        raise NotFound(_("There is no such maintenance ticket."))
    return ticket


def _refused_transition(refused: TransitionRefused) -> Exception:
    """The workflow's refusal in the core contract: a required field left blank is invalid input (400), anything
    else the ticket's state refusing it (409)."""
    if refused.field_errors:
        return Invalid(refused.message, errors=refused.field_errors)
    return Conflict(refused.message)


def run_command(ticket: Ticket, user, action: str, *, key: Any = None, fields: dict[str, Any] | None = None,
                work: dict[str, Any] | None = None) -> Received:
    """Take ``action`` on ``ticket`` with ``fields`` (the transition's) after recording ``work`` (note,
    part_number, quantity, minutes), all or nothing. With ``key``: exactly once, a repeat answers the ticket."""
    fields = dict(fields or {})
    work = {name: value for name, value in (work or {}).items() if name in WORK_FIELDS}
    has_work = any(str(value or "").strip() for value in work.values())
    transition = ticket.workflow.transition(action)

    def authorize() -> None:
        if transition is None:
            raise Invalid(_("Unknown action."), field="action")
        _require_ticket_line(user, ticket)
        if transition.permission and not user.has_perm(transition.permission):
            raise Forbidden(_("You may not “%(action)s” this %(record)s.") % {
                "action": transition.label, "record": ticket._meta.verbose_name})
        if transition.allowed is not None and (reason := transition.allowed(ticket, user)):
            raise Forbidden(reason)

    def perform() -> Ticket:
        locked = _locked(ticket)
        if has_work and locked.state not in OPEN_STATES:
            raise _closed(locked)
        owner = _acting_for(locked, user) if (has_work or action in ASSIGNEE_ACTIONS) else None
        try:
            if (work.get("part_number") or "").strip():
                add_part(locked, user, work["part_number"], work.get("quantity") or 1)
            if str(work.get("minutes") or "").strip():
                add_labour(locked, user, work["minutes"])
            if (work.get("note") or "").strip():
                add_comment(locked, user, work["note"])
            done = apply_transition(locked, action, user, **fields)
        except TransitionRefused as refused:
            raise _refused_transition(refused) from None
        if owner is not None:
            audit_acting_for(done, user, owner, action)
        return done

    payload = command_payload(ticket.pk, action, {**fields, **work})
    return receive("maintenance.command", user=user, key=key, payload=payload, authorize=authorize, perform=perform)


def log_work(ticket: Ticket, user, what: str, *, key: Any = None, **values: Any) -> Received:
    """Work logged on its own: ``part`` (part_number, quantity, description), ``labour`` (minutes, note), ``tick``
    (item, done, note), ``note`` (note) or ``photo`` (photo, caption). By the ticket's assignee or a maintenance
    admin acting for them, on an open ticket of the writer's lines; the record written is answered."""
    if what not in WORK_KINDS:
        raise ValueError(what)
    values = {name: values.get(name) for name in WORK_KINDS[what]}

    def authorize() -> None:
        _require_ticket_line(user, ticket)
        require_owner(user, ticket.assigned_to_id, act_for=MANAGE, message=_not_yours(ticket))

    def perform():
        locked = _locked(ticket)
        if locked.state not in OPEN_STATES:
            raise _closed(locked)
        if locked.assigned_to_id != ticket.assigned_to_id:  # reassigned since the check: check against now
            require_owner(user, locked.assigned_to_id, act_for=MANAGE, message=_not_yours(locked))
        record = _WRITERS[what](locked, user, values)
        if (owner := _acting_for(locked, user)) is not None:
            audit_acting_for(locked, user, owner, what)
        return record

    return receive("maintenance.command", user=user, key=key, payload=command_payload(ticket.pk, what, values),
                   authorize=authorize, perform=perform)


def _part(ticket, user, values):
    return add_part(ticket, user, values["part_number"], values["quantity"] or 1, values["description"] or "")


def _labour(ticket, user, values):
    return add_labour(ticket, user, values["minutes"], values["note"] or "")


def _tick(ticket, user, values):
    number = str(values["item"] or "").strip()
    item = ChecklistItem.objects.filter(ticket=ticket, pk=int(number)).first() if number.isdigit() else None
    if item is None:
        raise ValidationError({"item": _("This step is not on the ticket's checklist.")})
    done = values["done"]
    return tick_step(item, user, done=True if done is None else bool(done), note=values["note"] or "")


def _note(ticket, user, values):
    try:
        add_comment(ticket, user, values["note"])
    except TransitionRefused as refused:
        raise Invalid(refused.message, field="note") from None
    return ticket


def _photo(ticket, user, values):
    if not values["photo"]:
        raise ValidationError({"photo": _("Choose a photo.")})
    try:
        return add_photo(ticket, user, values["photo"], values["caption"] or "")
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None


_WRITERS = {"part": _part, "labour": _labour, "tick": _tick, "note": _note, "photo": _photo}
