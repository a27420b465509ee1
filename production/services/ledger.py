"""Recording IN/OUT movements and corrections, atomically, with the balance kept under a row lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import ProductionLine
from portal.services.machines import machine_on_line
from portal.services.scoping import lines_for

from ..models import Balance, Movement, ProductionOrder

OVERRIDE = "production.override_balance"
ALL_WORK_CENTERS = "production.view_all_work_centers"
MAX_QUANTITY = 10_000_000


class MovementRefused(Exception):
    """The movement was not recorded; ``message`` says why in words an operator understands."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class BalanceExceeded(MovementRefused):
    def __init__(self, message: str, balance: int):
        super().__init__(message, field="quantity")
        self.balance = balance


@dataclass(frozen=True)
class RecordResult:
    movement: Movement
    balance: int
    created: bool  # False: the same idempotency key was recorded before (a retried submission)


def lines_for_user(user) -> QuerySet[ProductionLine]:
    """The work centers a user sees and records at: their departments' lines; every line for production admins."""
    if user.has_perm(ALL_WORK_CENTERS):
        return ProductionLine.objects.active().select_related("facility").filter(facility__active=True)
    return lines_for(user)


def normalise_order_number(number: str) -> str:
    return " ".join((number or "").split()).upper()


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


@transaction.atomic
def record_movement(*, user, line: ProductionLine, order_number: str, direction: str, quantity: int,
                    erp_job: str = "", override_reason: str = "", idempotency_key: str | None = None,
                    at: dt.datetime | None = None, machine_code: str = "") -> RecordResult:
    """Record that ``quantity`` of an order came IN to, or went OUT of, a work center.

    An OUT above the balance is refused (``BalanceExceeded`` states the balance) unless the user holds
    ``production.override_balance`` and gives a reason. A repeated ``idempotency_key`` returns the movement
    recorded the first time (created False), so a retried submission is stored once.
    """
    if idempotency_key:
        earlier = Movement.objects.select_related("order", "line").filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            current = Balance.objects.filter(order=earlier.order, line=earlier.line).values_list("balance", flat=True)
            return RecordResult(earlier, current.first() or 0, created=False)
    number = normalise_order_number(order_number)
    if not number:
        raise MovementRefused(_("Enter or scan the production order number."), field="order_number")
    if direction not in Movement.Direction.values:
        raise MovementRefused(_("Choose IN or OUT."), field="direction")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 < quantity <= MAX_QUANTITY:
        raise MovementRefused(_("The quantity must be a whole number from 1 to %(max)s.")
                              % {"max": f"{MAX_QUANTITY:,}"}, field="quantity")
    if not lines_for_user(user).filter(pk=line.pk).exists():
        raise MovementRefused(_("You do not record at work center %(line)s (not one of your departments').")
                              % {"line": line.code}, field="line")
    try:
        machine = machine_on_line(line, machine_code)
    except ValidationError as exc:
        raise MovementRefused(exc.message_dict["machine"][0], field="machine") from None
    override_reason = (override_reason or "").strip()
    order, _created = ProductionOrder.objects.get_or_create(
        number=number, defaults={"erp_job": (erp_job or "").strip().upper(), "created_by": user})
    if erp_job and not order.erp_job:
        order.erp_job = erp_job.strip().upper()
        order.save(update_fields=["erp_job"])
    balance = _locked_balance(order, line)
    kind = Movement.Kind.NORMAL
    if direction == Movement.Direction.OUT and quantity > balance.balance:
        if not (override_reason and user.has_perm(OVERRIDE)):
            message = _("Only %(balance)s of order %(order)s are at %(line)s: an OUT of %(quantity)s is refused.") % {
                "balance": f"{balance.balance:,}", "order": number, "line": line.code, "quantity": f"{quantity:,}"}
            if user.has_perm(OVERRIDE):
                message += " " + _("Give a reason to record it anyway.")
            raise BalanceExceeded(message, balance.balance)
        kind = Movement.Kind.OVERRIDE
    moment = at or timezone.now()
    try:
        with transaction.atomic():
            movement = Movement.objects.create(
                order=order, line=line, machine=machine, direction=direction, quantity=quantity, kind=kind,
                reason=override_reason if kind == Movement.Kind.OVERRIDE else "", erp_job=(erp_job or "").upper(),
                user=user, at=moment, idempotency_key=idempotency_key or None)
    except IntegrityError:  # the same key committed by a parallel request since our first look
        earlier = Movement.objects.select_related("order", "line").get(idempotency_key=idempotency_key)
        return RecordResult(earlier, balance.balance, created=False)
    _apply(balance, direction, quantity, kind == Movement.Kind.OVERRIDE, moment)
    return RecordResult(movement, balance.balance, created=True)


@transaction.atomic
def reverse_movement(*, user, movement: Movement, reason: str, idempotency_key: str | None = None) -> RecordResult:
    """Correct a movement by recording its opposite (same quantity) with a reason; the original stays as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise MovementRefused(_("Say why the movement is corrected."), field="reason")
    if not lines_for_user(user).filter(pk=movement.line_id).exists():
        raise MovementRefused(_("You do not record at work center %(line)s.") % {"line": movement.line.code})
    if movement.kind == Movement.Kind.CORRECTION:
        raise MovementRefused(_("A correction cannot be corrected again: record a new movement instead."))
    if Movement.objects.filter(reverses=movement).exists():
        raise MovementRefused(_("This movement was already corrected."))
    balance = _locked_balance(movement.order, movement.line)
    opposite = Movement.Direction.OUT if movement.direction == Movement.Direction.IN else Movement.Direction.IN
    overdraws = opposite == Movement.Direction.OUT and movement.quantity > balance.balance
    if overdraws and not user.has_perm(OVERRIDE):
        raise BalanceExceeded(_("Only %(balance)s of order %(order)s are left at %(line)s: reversing this IN of "
                                "%(quantity)s would make the balance negative.") % {
            "balance": f"{balance.balance:,}", "order": movement.order.number, "line": movement.line.code,
            "quantity": f"{movement.quantity:,}"}, balance.balance)
    moment = timezone.now()
    correction = Movement.objects.create(
        order=movement.order, line=movement.line, machine_id=movement.machine_id, direction=opposite,
        quantity=movement.quantity, kind=Movement.Kind.CORRECTION, reason=reason, reverses=movement,
        erp_job=movement.erp_job, user=user, at=moment, idempotency_key=idempotency_key or None)
    _apply(balance, opposite, movement.quantity, overdraws, moment)
    return RecordResult(correction, balance.balance, created=True)
