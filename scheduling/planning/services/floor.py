"""The operator works the plan: start, record good and scrap, pause with a reason, finish an assigned operation.

One floor write, command kind ``planning.operation``, through the portal's receiver (``portal.commands.receive``,
docs/floor-writes.md): the operator's scope first (the operation is theirs or their crew's, on a line they work
on), then their idempotency key, then the rules and the writes in one transaction. Nothing is kept twice: good and
scrap are the production ledger's OUT movements (``record_movement``), scrap with a defect reason is quality's
reject (``record_reject``), a pause becomes downtime's stop (``record_event``) when the operation resumes or
finishes (its end is known then). Each of those services keeps its own rules and refusals; their keys derive from
this command's key, so a replayed command replays them too and records nothing twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from downtime.models import Category
from downtime.services.events import EventInput, record_event
from portal.commands import Conflict, Forbidden, Invalid, Received, receive
from portal.services.plausibility import Basis, Confirmations, check_quantity
from portal.services.scoping import facilities_for, require_line
from portal.services.shifts import ShiftOccurrence, shift_at
from production.models import Balance, Movement, ProductionOrder
from production.services.ledger import record_movement
from quality.services.floor import leaf_defect_codes, record_reject

from ..models import Operation, OperationStatus
from ..models.orders import OPEN_STATES

KIND = "planning.operation"
ACTIONS = ("start", "record", "pause", "finish")
CONFIRM_FLAGS = ("confirm_quantity", "confirm_new_order", "confirm_long", "confirm_overlap")


def assigned_to(user) -> Q:
    """Operations of ``user``: assigned to them, or to a crew (department) they belong to."""
    return Q(operator=user) | Q(crew__in=user.departments.all())


def my_operations(user, moment: dt.datetime | None = None) -> tuple[list[ShiftOccurrence], list[Operation]]:
    """The user's operations for the current shift of each facility they work in, in plan order: those planned to
    run during the shift, and any they started and have not finished (a job that ran over from the last shift).
    Between shifts only the started ones."""
    moment = moment or timezone.now()
    shifts = [occ for occ in (shift_at(f, moment) for f in facilities_for(user)) if occ is not None]
    window = Q()
    for occ in shifts:
        window |= Q(line__facility=occ.shift.facility_id, planned_start__lt=occ.end, planned_end__gt=occ.start)
    started = Q(status__in=[OperationStatus.RUNNING, OperationStatus.PAUSED])
    rows = (Operation.objects.filter(assigned_to(user), order__state__in=OPEN_STATES)
            .filter(started | (window & ~Q(status=OperationStatus.DONE)) if shifts else started)
            .select_related("order", "line__facility", "machine", "pause_category")
            .order_by("planned_start", "order__priority", "sequence", "pk").distinct())
    return shifts, list(rows)


def operation_for(user, pk: int) -> Operation:
    """The user's own (or crew's) operation, else 404: another operator's job is not shown at all."""
    from django.http import Http404

    operation = (Operation.objects.filter(assigned_to(user), pk=pk).select_related(
        "order", "line__facility", "machine", "pause_category").first())
    if operation is None:
        raise Http404
    return operation


def pause_reasons(operation: Operation) -> QuerySet[Category]:
    """Active leaf categories of downtime at any depth (the entry page's reasons), in the tree's order."""
    return Category.objects.active_in_tree().leaves().in_configured_order()


def _sub_key(key: str | None, part: str) -> str | None:
    return f"{key}:{part}" if key else None


def _sub_uuid(key: str | None, part: str) -> uuid.UUID | None:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"planning.operation:{key}:{part}") if key else None


def _count(data: Mapping[str, Any], name: str) -> int:
    value = data.get(name)
    if value in (None, ""):
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        raise Invalid(_("Enter a whole number."), field=name) from None
    if number < 0:
        raise Invalid(_("Enter a whole number, 0 or more."), field=name)
    return number


def _end_pause(user, operation: Operation, now: dt.datetime, key: str | None, confirmations: Mapping) -> None:
    """The pause's downtime stop, from when it began to now, through downtime's own service."""
    if operation.paused_at is None:
        return
    if operation.paused_at.replace(second=0, microsecond=0) < now.replace(second=0, microsecond=0):
        # downtime keeps whole minutes: a pause within one minute is no stop to record
        _record_stop(user, operation, now, key, confirmations)
    operation.paused_at = None
    operation.pause_category = None


def _record_stop(user, operation: Operation, now: dt.datetime, key: str | None, confirmations: Mapping) -> None:
    record_event(user, EventInput(
        line=operation.line, machine=operation.machine, start=operation.paused_at, end=now,
        category=operation.pause_category, crew_size=1, comments=str(operation)[:200],
        confirm_long=bool(confirmations.get("confirm_long")),
        confirm_overlap=bool(confirmations.get("confirm_overlap"))), idempotency_key=_sub_uuid(key, "stop"))


def _record(user, operation: Operation, data: Mapping[str, Any], key: str | None, now: dt.datetime) -> None:
    good, scrap = _count(data, "good"), _count(data, "scrap")
    if not good and not scrap:
        raise Invalid(_("Enter the good or the scrap quantity."), field="good")
    defect, raw = None, str(data.get("defect") or "").strip()
    if raw:
        defect = leaf_defect_codes().filter(pk=int(raw)).first() if raw.isdigit() else None
        if defect is None:
            raise Invalid(_("Choose a defect code from the list."), field="defect")
    confirmations = Confirmations.of(data)
    total = good + scrap
    # Against the operation itself: far more than it is planned for is a typo (the ledger adds its own bases).
    check_quantity(total, [Basis(operation.units, _("the operation is planned for %(units)s") % {
        "units": f"{operation.units:,}"})], confirmations, field="good" if good else "scrap")
    confirmations.raise_open()
    number = operation.order.number
    machine = operation.machine.code if operation.machine_id else ""
    held = (Balance.objects.filter(order__number=number, line=operation.line)
            .values_list("balance", flat=True).first() or 0)
    flags = {flag: True for flag in CONFIRM_FLAGS if data.get(flag)}
    if total > held:  # the units worked came to the work center without their own IN: the operation brings them
        record_movement(user=user, line=operation.line, order_number=number, direction=Movement.Direction.IN,
                        quantity=total - held, idempotency_key=_sub_key(key, "in"), at=now, machine_code=machine,
                        confirm=flags)
    for part, quantity in (("good", good), ("scrap", scrap)):
        if quantity:
            record_movement(user=user, line=operation.line, order_number=number, direction=Movement.Direction.OUT,
                            quantity=quantity, idempotency_key=_sub_key(key, part), at=now, machine_code=machine,
                            confirm=flags)
    if scrap and defect is not None:
        item = operation.order.items.first()
        record_reject(user, {
            "line": operation.line, "machine": operation.machine,
            "production_order": ProductionOrder.objects.filter(number=number).first(),
            "part": item.product if item else number, "quantity": scrap, "defect": defect,
            "cause": (data.get("cause") or "")[:500], "occurred_at": now, **flags,
        }, key=_sub_uuid(key, "reject"))


def work_operation(user, operation: Operation, action: str, data: Mapping[str, Any] | None = None,
                   key: Any = None) -> Received:
    """Apply one operator action to ``operation`` (``start``, ``record``, ``pause``, ``finish``), exactly once per
    key of this operator. ``data``: ``good``/``scrap`` (whole numbers), ``defect`` (a defect code's id, scrap
    with a reason), ``cause``; ``category`` (a downtime category's id, the pause's reason); the confirmation flags
    the services ask for (409 ``needs_confirmation``). Recording on an operation not started starts it."""
    data = dict(data or {})
    payload = {"operation": operation.pk, "action": action,
               **{k: data.get(k) for k in ("good", "scrap", "defect", "cause", "category", *CONFIRM_FLAGS)}}
    key_text = str(key).strip() if key else None

    def authorize() -> None:
        if not Operation.objects.filter(assigned_to(user), pk=operation.pk).exists():
            raise Forbidden(_("This operation is not assigned to you or your crew."))
        require_line(user, operation.line)

    def perform() -> Operation:
        op = Operation.objects.select_for_update(of=("self",)).select_related("order", "line__facility", "machine").get(
            pk=operation.pk)
        if action not in ACTIONS:
            raise Invalid(_("Unknown action."), field="action")
        if op.order.state not in OPEN_STATES:
            raise Conflict(_("Order %(order)s is %(state)s: its operations are closed.") % {
                "order": op.order.number, "state": op.order.get_state_display().lower()})
        if op.status == OperationStatus.DONE:
            raise Conflict(_("This operation is finished."))
        now = timezone.now()
        if action in ("start", "record") and op.status in (OperationStatus.PLANNED, OperationStatus.PAUSED):
            _end_pause(user, op, now, key_text, data)
            op.status = OperationStatus.RUNNING
            op.started_at = op.started_at or now
        if action == "record":
            _record(user, op, data, key_text, now)
        elif action == "pause":
            if op.status != OperationStatus.RUNNING:
                raise Conflict(_("Only a running operation can be paused."))
            category = pause_reasons(op).filter(pk=int(data["category"])).first() if str(
                data.get("category") or "").isdigit() else None
            if category is None:
                raise Invalid(_("Choose the reason for the stop."), field="category")
            op.status, op.paused_at, op.pause_category = OperationStatus.PAUSED, now, category
        elif action == "finish":
            _end_pause(user, op, now, key_text, data)
            op.status, op.finished_at = OperationStatus.DONE, now
            op.started_at = op.started_at or now
        op.save()
        return op

    return receive(KIND, user=user, key=key_text, payload=payload, authorize=authorize, perform=perform)
