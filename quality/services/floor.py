"""Quality's floor writes: an internal reject recorded at the line, a customer return and the photos added to it.

Each write has ONE service here and every path calls it: the reject entry page and its offline replay, the REST
API, any later import. Each goes through ``portal.commands.receive`` (docs/floor-writes.md), which checks the
writer first (``authorize``), then the writer's own idempotency key, then runs the validation and the write in one
transaction. What is left here is quality's own rules:

- a reject is recorded on a line the writer works on (``require_line``: 403 otherwise), against an active machine
  of that line if any (``portal.services.machines``), with a leaf defect code, a time within the floor window
  (``check_floor_time``) and a photo that ``portal.photos.validate_photo`` accepts (the model's validators);
- a customer return is recorded for a facility where the writer works on a line; a photo is added only to a return
  the writer may see and that is not closed.

Reads are scoped the same way: ``visible_rejects`` (the lines whose history the user may read) and
``visible_returns`` (their facilities).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.commands import Conflict, Invalid, KeyReused, NotFound, Received, Refused, receive
from portal.models import Facility, Machine, ProductionLine
from portal.photos import validate_photo
from portal.services.floortime import check_floor_time
from portal.services.machines import check_machine_on_line, machine_on_line
from portal.services.plausibility import (
    CONFIRM_NEW_JOB,
    CONFIRM_NEW_PART,
    CONFIRM_QUANTITY,
    Confirmations,
    check_known,
    check_quantity,
    line_capacity,
    order_basis,
    stock_basis,
)
from portal.services.scoping import history_lines_for, lines_for, require_facility, require_line, scope_to_lines

from ..models import CustomerReturn, DefectCode, InternalReject, ReturnPhoto

# What a reject says (compared when a key is replayed); the photo is left out by the receiver's fingerprint.
REJECT_FIELDS = ("line", "machine", "production_order", "erp_job", "part", "quantity", "defect", "cause",
                 "occurred_at")
CONFIRM_FLAGS = (CONFIRM_QUANTITY, CONFIRM_NEW_PART, CONFIRM_NEW_JOB)  # the confirmations a reject may be asked for
RETURN_FIELDS = ("facility", "customer", "sales_order", "part", "lot", "quantity", "reason", "defect", "received_at")


def leaf_defect_codes() -> QuerySet[DefectCode]:
    """Active codes a record can carry: sub-codes, or main groups without active sub-codes."""
    return DefectCode.objects.active().exclude(children__active=True).select_related("parent").distinct()


# --- Scope -----------------------------------------------------------------------------------------------------

def reject_lines(user) -> QuerySet[ProductionLine]:
    """The lines ``user`` may record a reject on: the lines they work on (none without a department, fail closed)."""
    return lines_for(user).order_by("facility__code", "code")


def visible_rejects(user, queryset: QuerySet | None = None) -> QuerySet[InternalReject]:
    """The rejects of the lines whose records ``user`` may read (a deactivated line keeps its history)."""
    return scope_to_lines(InternalReject.objects.all() if queryset is None else queryset, user)


def visible_returns(user, queryset: QuerySet | None = None) -> QuerySet[CustomerReturn]:
    """The customer returns of the facilities whose lines' records ``user`` may read."""
    queryset = CustomerReturn.objects.all() if queryset is None else queryset
    return queryset.filter(facility__in=history_lines_for(user).values("facility"))


# --- Internal rejects -----------------------------------------------------------------------------------------

def record_reject(user, data: Mapping[str, Any], key: Any = None) -> Received:
    """Record one internal reject as ``user`` (state "submitted"), exactly once per ``key`` of this writer.

    ``data``: ``line`` (a ProductionLine), ``machine`` (a Machine, a machine code typed or scanned, or empty),
    ``production_order``, ``erp_job``, ``part``, ``quantity``, ``defect``, ``cause``, ``photo`` (an upload) and
    ``occurred_at`` (now when empty). Refuses 403 for a line the user does not work on, 400 with the fields
    otherwise, 409 for a key this writer used for another reject. The quantity and the part and job numbers are
    checked for plausibility (``_check_plausible``): 409 ``needs_confirmation`` until ``data`` carries the flags
    asked for (``confirm_quantity``, ``confirm_new_part``, ``confirm_new_job``), audited on the reject.
    """
    line = data.get("line")
    payload = {name: data.get(name) for name in REJECT_FIELDS}
    stored_key = _reject_key(key)

    def authorize() -> None:
        if not isinstance(line, ProductionLine):
            raise Invalid(_("Choose the line."), field="line")
        require_line(user, line)

    def perform() -> InternalReject:
        if stored_key is not None and InternalReject.objects.filter(created_by=user,
                                                                    idempotency_key=stored_key).exists():
            # recorded before the receiver kept keys (no portal.CommandKey row for it): never a second reject
            raise KeyReused(_("This entry key was already used for a reject you recorded; nothing was recorded. "
                              "Send it as a new entry."), field="idempotency_key")
        errors = _Errors()
        machine = errors.check(lambda: _machine(line, data.get("machine")))
        errors.check(lambda: check_floor_time(data.get("occurred_at"), field="occurred_at"))
        defect = data.get("defect")
        if defect is not None and not leaf_defect_codes().filter(pk=defect.pk).exists():
            errors.add("defect", _("Choose a defect code (a main group with codes is not one)."))
        order = data.get("production_order")
        erp_job = (data.get("erp_job") or "").strip().upper() or (order.erp_job if order is not None else "")
        reject = InternalReject(
            line=line, machine=machine, production_order=order, erp_job=erp_job, part=(data.get("part") or "").strip(),
            quantity=data.get("quantity"), defect=defect, cause=data.get("cause") or "", photo=data.get("photo"),
            created_by=user, idempotency_key=stored_key)
        if data.get("occurred_at"):
            reject.occurred_at = data["occurred_at"]
        _check_photo(errors, data.get("photo"), "photo")
        errors.check(lambda: reject.full_clean(exclude=[*errors.fields, "photo", "idempotency_key"],
                                               validate_constraints=False))
        confirmations = Confirmations.of(data)
        if "quantity" not in errors.fields and "part" not in errors.fields:
            errors.check(lambda: _check_plausible(reject, confirmations))
        errors.raise_any()
        confirmations.raise_open()
        reject.save()
        confirmations.audit(reject, user)
        return reject

    return receive("quality.reject", user=user, key=key, payload=payload, authorize=authorize, perform=perform)


def _check_plausible(reject: InternalReject, confirmations: Confirmations) -> None:
    """The reject's own context: its job's quantity (or its production order's units in at the line), the line's
    capacity per shift, the part's stock; a part or job the ERP does not know is refused or confirmed as new."""
    from erp.services import known

    facility = reject.line.facility
    job = known.job(reject.erp_job) if reject.erp_job else None
    part = known.part(reject.part, facility.erp_code)
    order_in = None
    if reject.production_order_id:
        order_in = order_basis(reject.production_order.number, reject.production_order.balances.filter(
            line=reject.line).values_list("quantity_in", flat=True).first())
    job_basis = order_basis(reject.erp_job, job.quantity) if job and job.known else None
    check_quantity(reject.quantity, [job_basis, order_in, line_capacity(reject.line),
                                     stock_basis(reject.part, part.quantity)], confirmations)
    check_known(part.known, facility, confirmations, flag=CONFIRM_NEW_PART, field="part", what=_("Part"),
                number=reject.part)
    if job is not None and reject.production_order_id is None:
        check_known(job.known, facility, confirmations, flag=CONFIRM_NEW_JOB, field="erp_job", what=_("ERP job"),
                    number=reject.erp_job)


def _reject_key(key: Any) -> uuid.UUID | None:
    """The reject keeps its writer's key: the page's and the API's keys are UUIDs."""
    text = str(key).strip() if key is not None else ""
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise Invalid(_("The entry key must be a UUID."), field="idempotency_key") from None


def _machine(line: ProductionLine, machine) -> Machine | None:
    """An active machine of ``line``: a Machine (API) or a code typed or scanned (page)."""
    if isinstance(machine, Machine):
        check_machine_on_line(machine, line)  # of this line, and active
        return machine
    return machine_on_line(line, str(machine or ""))


# --- Customer returns -----------------------------------------------------------------------------------------

def record_return(user, data: Mapping[str, Any], key: Any = None) -> Received:
    """Record one customer return as ``user`` (state "received"), with its first photo (``data["photo"]``) if any.

    The facility must be one where the user works on a line (403 otherwise); the time received is bounded like every
    floor time; the photo is checked by ``portal.photos``."""
    facility = data.get("facility")
    payload = {name: data.get(name) for name in RETURN_FIELDS}

    def authorize() -> None:
        if not isinstance(facility, Facility):
            raise Invalid(_("Choose the facility."), field="facility")
        require_facility(user, facility)

    def perform() -> CustomerReturn:
        errors = _Errors()
        errors.check(lambda: check_floor_time(data.get("received_at"), field="received_at"))
        defect = data.get("defect")
        if defect is not None and not leaf_defect_codes().filter(pk=defect.pk).exists():
            errors.add("defect", _("Choose a defect code (a main group with codes is not one)."))
        record = CustomerReturn(created_by=user, **{
            name: data.get(name) for name in RETURN_FIELDS if name != "received_at"})
        for name in ("sales_order", "lot"):
            setattr(record, name, getattr(record, name) or "")
        if data.get("received_at"):
            record.received_at = data["received_at"]
        errors.check(lambda: record.full_clean(exclude=errors.fields))
        photo = None
        if data.get("photo") and _check_photo(errors, data["photo"], "photo"):
            photo = ReturnPhoto(customer_return=record, image=data["photo"], uploaded_by=user)
        errors.raise_any()
        record.save()
        if photo is not None:
            photo.customer_return = record
            photo.save()
        return record

    return receive("quality.return", user=user, key=key, payload=payload, authorize=authorize, perform=perform)


def add_return_photo(user, customer_return: CustomerReturn, image, key: Any = None) -> Received:
    """Add a photo to a customer return the user may see (404 otherwise) and that is not closed (409)."""

    def authorize() -> None:
        if not visible_returns(user).filter(pk=customer_return.pk).exists():
            raise NotFound(_("This customer return is not there or not yours to see."))

    def perform() -> ReturnPhoto:
        current = CustomerReturn.objects.select_for_update().get(pk=customer_return.pk)
        if current.state == CustomerReturn.State.CLOSED:
            raise Conflict(_("%(record)s is closed: nothing more is added to it.") % {"record": current})
        if not image:
            raise Invalid(_("Choose a photo."), field="image")
        errors = _Errors()
        _check_photo(errors, image, "image")
        errors.raise_any()
        photo = ReturnPhoto(customer_return=current, image=image, uploaded_by=user)
        photo.save()
        return photo

    return receive("quality.return_photo", user=user, key=key, payload={"return": customer_return.pk},
                   authorize=authorize, perform=perform)


def _check_photo(errors, upload, field: str) -> bool:
    """The one photo check of the portal (portal/photos.py), its message on ``field``: True when it passed."""
    if not upload:
        return True
    before = len(errors.errors)
    errors.check(lambda: _on_field(validate_photo, upload, field))
    return len(errors.errors) == before


def _on_field(check, value, field: str) -> None:
    try:
        check(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


class _Errors:
    """Field errors of one write, collected so the writer sees them all at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    @property
    def fields(self) -> list[str]:
        return list(self.errors)

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def check(self, step):
        try:
            return step()
        except ValidationError as exc:
            for field, messages in (exc.message_dict if hasattr(exc, "error_dict") else
                                    {"__all__": exc.messages}).items():
                for message in messages:
                    self.add(field, message)
        except Refused as refused:
            if refused.status != 400:
                raise
            for field, messages in (refused.errors or {"__all__": [refused.message]}).items():
                for message in messages:
                    self.add(field, message)
        return None

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
