"""Recording IN/OUT movements and corrections, atomically, with the balance kept under a row lock.

Both writes go through the portal's one floor-write receiver (``portal.commands.receive``, docs/floor-writes.md):
the writer's scope first (``require_line``; a correction also its owner), then the idempotency key of that writer,
then the ledger's rules and the write in one transaction. Refusals are the core's: ``Invalid`` (400) for input,
``Forbidden`` (403) for scope and ownership, ``Conflict`` (409) for what the ledger's state refuses (an OUT above
the balance carries the balance in its body).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_acting_for
from portal.commands import Conflict, Invalid, KeyReused, receive
from portal.models import ProductionLine
from portal.roles import ALL_LINES, OVERRIDE_BALANCE
from portal.services.floortime import check_floor_time
from portal.services.machines import machine_on_line
from portal.services.plausibility import (
    CONFIRM_NEW_JOB,
    CONFIRM_NEW_ORDER,
    Confirmations,
    check_known,
    check_quantity,
    line_capacity,
)
from portal.services.scoping import require_line, require_owner

from ..models import Balance, Movement, ProductionOrder
from .context import erp_job_known, order_context

OVERRIDE = OVERRIDE_BALANCE
# Correcting another operator's movement: the plant-wide role (production admins), as before
CORRECT_FOR_OTHERS = ALL_LINES
MAX_QUANTITY = 10_000_000
MOVEMENT = "production.movement"
CORRECTION = "production.correction"


@dataclass(frozen=True)
class RecordResult:
    movement: Movement
    balance: int
    created: bool  # False: the writer's same idempotency key was recorded before (a retried submission)

    @property
    def status(self) -> int:
        return 201 if self.created else 200


def normalise_order_number(number: str) -> str:
    return " ".join((number or "").split()).upper()


def movement_payload(*, line_id: int, order_number: str, direction: str, quantity, erp_job: str = "",
                     override_reason: str = "", at: dt.datetime | None = None, machine_code: str = "") -> dict:
    """What a movement command says (compared when its key comes again), normalised as the ledger stores it."""
    return {"line": line_id, "order_number": normalise_order_number(order_number), "direction": direction,
            "quantity": quantity, "erp_job": (erp_job or "").strip().upper(),
            "override_reason": (override_reason or "").strip(), "at": at,
            "machine": (machine_code or "").strip().upper()}


def correction_payload(*, movement_id: int, reason: str) -> dict:
    return {"movement": movement_id, "reason": (reason or "").strip()}


def _locked_balance(order: ProductionOrder, line: ProductionLine) -> Balance:
    """The balance row of (order, line), created if needed, locked until the transaction ends."""
    row = Balance.objects.select_for_update().filter(order=order, line=line).first()
    if row is not None:  # the usual case: no failed insert, no savepoint
        return row
    try:
        with transaction.atomic():  # a savepoint: a concurrent creation only fails this block
            Balance.objects.create(order=order, line=line)
    except IntegrityError:
        pass
    return Balance.objects.select_for_update().get(order=order, line=line)


def _apply(balance: Balance, direction: str, quantity: int, overdrawn_allowed: bool, at: dt.datetime) -> None:
    if direction == Movement.Direction.IN:
        balance.quantity_in += quantity
        balance.balance += quantity
    else:
        balance.quantity_out += quantity
        balance.balance -= quantity
    balance.overdrawn = balance.balance < 0 and (overdrawn_allowed or balance.overdrawn)
    balance.last_movement_at = max(filter(None, (balance.last_movement_at, at)))
    balance.save()


def _create(user, key: str | None, **fields) -> Movement:
    """Insert the movement; its key is unique per writer, so a key this writer already spent on the other kind of
    command (a movement's key sent again with a correction) is refused, not a server error."""
    try:
        with transaction.atomic():
            return Movement.objects.create(user=user, idempotency_key=key, **fields)
    except IntegrityError:
        if key and Movement.objects.filter(user=user, idempotency_key=key).exists():
            raise KeyReused(_("This entry key was already used for a different entry; nothing was recorded. Send "
                              "it as a new entry."), field="idempotency_key") from None
        raise


def _result(received) -> RecordResult:
    movement = received.record
    if received.created:
        return RecordResult(movement, movement._balance_after, created=True)
    current = Balance.objects.filter(order_id=movement.order_id, line_id=movement.line_id)
    return RecordResult(movement, current.values_list("balance", flat=True).first() or 0, created=False)


def record_movement(*, user, line: ProductionLine, order_number: str, direction: str, quantity: int,
                    erp_job: str = "", override_reason: str = "", idempotency_key: str | None = None,
                    at: dt.datetime | None = None, machine_code: str = "", confirm=None) -> RecordResult:
    """Record that ``quantity`` of an order came IN to, or went OUT of, a work center.

    The quantity and the numbers are checked for plausibility (portal/services/plausibility.py): a quantity above
    the order's (or the line's capacity per shift) and an order or job the ERP and the plan do not know are
    recorded only with their confirmation flags in ``confirm`` (``confirm_quantity``, ``confirm_new_order``,
    ``confirm_new_job``: a mapping or the flags' names), audited on the movement.

    Refused (``Forbidden``) at a work center the user does not work on. An OUT above the balance is a
    ``Conflict`` that states the balance (``extra["balance"]``) unless the user holds
    ``production.override_balance`` and gives a reason. The writer's repeated ``idempotency_key`` returns the
    movement recorded the first time (created False); the same key with another movement is refused (409).
    """
    payload = movement_payload(line_id=line.pk, order_number=order_number, direction=direction, quantity=quantity,
                               erp_job=erp_job, override_reason=override_reason, at=at, machine_code=machine_code)

    def perform() -> Movement:
        number = payload["order_number"]
        if not number:
            raise Invalid(_("Enter or scan the production order number."), field="order_number")
        if direction not in Movement.Direction.values:
            raise Invalid(_("Choose IN or OUT."), field="direction")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 < quantity <= MAX_QUANTITY:
            raise Invalid(_("The quantity must be a whole number from 1 to %(max)s.")
                          % {"max": f"{MAX_QUANTITY:,}"}, field="quantity")
        check_floor_time(at, field="at")
        machine = machine_on_line(line, machine_code)  # ValidationError on "machine": a 400 with the field
        reason, job = payload["override_reason"], payload["erp_job"]
        confirmations = Confirmations.of(confirm)
        known, basis = order_context(number, job)
        check_quantity(quantity, [basis, line_capacity(line)], confirmations)
        check_known(known, line.facility, confirmations, flag=CONFIRM_NEW_ORDER, field="order_number",
                    what=_("Order"), number=number)
        if job and job != number:
            check_known(erp_job_known(job), line.facility, confirmations, flag=CONFIRM_NEW_JOB, field="erp_job",
                        what=_("ERP job"), number=job)
        confirmations.raise_open()
        order, _created = ProductionOrder.objects.get_or_create(
            number=number, defaults={"erp_job": job, "created_by": user})
        if job and not order.erp_job:
            order.erp_job = job
            order.save(update_fields=["erp_job"])
        balance = _locked_balance(order, line)
        kind = Movement.Kind.NORMAL
        if direction == Movement.Direction.OUT and quantity > balance.balance:
            if not (reason and user.has_perm(OVERRIDE)):
                message = _("Only %(balance)s of order %(order)s are at %(line)s: an OUT of %(quantity)s is "
                            "refused.") % {"balance": f"{balance.balance:,}", "order": number, "line": line.code,
                                           "quantity": f"{quantity:,}"}
                if user.has_perm(OVERRIDE):
                    message += " " + _("Give a reason to record it anyway.")
                raise Conflict(message, field="quantity", extra={"balance": balance.balance})
            kind = Movement.Kind.OVERRIDE
        moment = at or timezone.now()
        movement = _create(user, idempotency_key or None, order=order, line=line, machine=machine,
                           direction=direction, quantity=quantity, kind=kind,
                           reason=reason if kind == Movement.Kind.OVERRIDE else "", erp_job=job, at=moment)
        _apply(balance, direction, quantity, kind == Movement.Kind.OVERRIDE, moment)
        confirmations.audit(movement, user)
        movement._balance_after = balance.balance
        return movement

    return _result(receive(MOVEMENT, user=user, key=idempotency_key, payload=payload,
                           authorize=lambda: require_line(user, line), perform=perform))


def reverse_movement(*, user, movement: Movement, reason: str, idempotency_key: str | None = None) -> RecordResult:
    """Correct a movement by recording its opposite (same quantity) with a reason; the original stays as it was.

    Only at a work center the user works on, and only one's own movement unless the user works plant-wide (the
    correction is then audited as made for the movement's author). The writer's repeated ``idempotency_key``
    answers the first correction (created False).
    """
    payload = correction_payload(movement_id=movement.pk, reason=reason)
    acting_for_author = []

    def authorize() -> None:
        require_line(user, movement.line)
        acting_for_author.append(require_owner(
            user, movement.user_id, act_for=CORRECT_FOR_OTHERS,
            message=_("Only your own movements can be corrected.")))

    def perform() -> Movement:
        if not payload["reason"]:
            raise Invalid(_("Say why the movement is corrected."), field="reason")
        if movement.kind == Movement.Kind.CORRECTION:
            raise Conflict(_("A correction cannot be corrected again: record a new movement instead."))
        # the balance row's lock first: a parallel correction of the same movement has committed when we look
        balance = _locked_balance(movement.order, movement.line)
        if Movement.objects.filter(reverses=movement).exists():
            raise Conflict(_("This movement was already corrected."))
        opposite = Movement.Direction.OUT if movement.direction == Movement.Direction.IN else Movement.Direction.IN
        overdraws = opposite == Movement.Direction.OUT and movement.quantity > balance.balance
        if overdraws and not user.has_perm(OVERRIDE):
            raise Conflict(_("Only %(balance)s of order %(order)s are left at %(line)s: reversing this IN of "
                             "%(quantity)s would make the balance negative.") % {
                "balance": f"{balance.balance:,}", "order": movement.order.number, "line": movement.line.code,
                "quantity": f"{movement.quantity:,}"}, extra={"balance": balance.balance})
        moment = timezone.now()
        try:
            correction = _create(
                user, idempotency_key or None, order=movement.order, line=movement.line,
                machine_id=movement.machine_id, direction=opposite, quantity=movement.quantity,
                kind=Movement.Kind.CORRECTION, reason=payload["reason"], reverses=movement,
                erp_job=movement.erp_job, at=moment)
        except IntegrityError:  # the one-to-one ``reverses``: corrected by a parallel request after all
            raise Conflict(_("This movement was already corrected.")) from None
        _apply(balance, opposite, movement.quantity, overdraws, moment)
        if acting_for_author and acting_for_author[0]:
            audit_acting_for(correction, user, movement.user, "correction")
        correction._balance_after = balance.balance
        return correction

    return _result(receive(CORRECTION, user=user, key=idempotency_key, payload=payload, authorize=authorize,
                           perform=perform))
