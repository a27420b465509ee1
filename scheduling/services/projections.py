"""Changing a projection: validation, the optimistic-concurrency rule, history, archiving closed lines.

Conflict rule: every change raises the projection's ``version``. A save names the version it started from
(0 when the line had no projection yet); if someone saved in between, the save is refused with a
``ProjectionConflict`` carrying the current value and who set it, so nobody overwrites a colleague silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from erp.models import SalesOrderLine
from portal.services.localtime import format_local
from scheduling.models import FIELD_ATTRIBUTES, Projection, ProjectionChange, ProjectionField

from .grid import chunked, line_value, user_label

MAX_QUANTITY = 10**12  # far above any order; keeps absurd input out of the database


class ProjectionError(ValueError):
    """Input the planner must correct (shown next to the cell)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProjectionState:
    """A line's projection as the grid shows it after a save (or as it is now, in a conflict)."""

    line_id: int
    low_risk_qty: int
    high_risk_qty: int
    low_risk_value: Decimal
    high_risk_value: Decimal
    version: int
    updated_by: str
    updated_at: dt.datetime | None


class ProjectionConflict(Exception):
    """The save named an older version: someone else changed the line since the planner loaded it."""

    def __init__(self, field: str, state: ProjectionState) -> None:
        self.field = field
        self.state = state
        self.current_value = state.low_risk_qty if field == ProjectionField.LOW_RISK else state.high_risk_qty
        super().__init__(self.message)

    @property
    def message(self) -> str:
        when = format_local(self.state.updated_at, None, "Y-m-d H:i")
        return _(
            "%(who)s changed this line at %(when)s: %(field)s is now %(value)s. Your value was not saved; "
            "enter it again if it should replace theirs."
        ) % {"who": self.state.updated_by or _("someone"), "when": when,
             "field": ProjectionField(self.field).label, "value": quantity_text(self.current_value)}


def parse_quantity(value: object) -> int:
    """A whole, non-negative quantity from a cell's text or a JSON number. An empty cell means 0."""
    if isinstance(value, bool):
        raise ProjectionError(_("Enter a whole number."))
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    text = str(value).strip().replace(",", "")
    try:
        number = Decimal(text)
    except ArithmeticError:
        message = _("“%(value)s” is not a number: enter a whole quantity.") % {"value": str(value)[:20]}
        raise ProjectionError(message) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ProjectionError(_("Enter a whole quantity (no decimals)."))
    if number < 0:
        raise ProjectionError(_("The quantity cannot be negative."))
    if number > MAX_QUANTITY:
        raise ProjectionError(_("That quantity is too large."))
    return int(number)


def _state(projection: Projection | None, line_id: int, unit_price: Decimal) -> ProjectionState:
    low = projection.low_risk_qty if projection else 0
    high = projection.high_risk_qty if projection else 0
    return ProjectionState(
        line_id=line_id, low_risk_qty=low, high_risk_qty=high,
        low_risk_value=line_value(low, unit_price), high_risk_value=line_value(high, unit_price),
        version=projection.version if projection else 0,
        updated_by=user_label(projection.updated_by) if projection else "",
        updated_at=projection.updated_at if projection else None,
    )


def set_projection(line_id: int, field: str, value: object, expected_version: int, user,
                   now: dt.datetime | None = None) -> ProjectionState:
    """Set one projection quantity of an open SO line; returns the line's projection after the change.

    Raises ``ProjectionError`` for input to correct (not whole, negative, low + high above the open quantity,
    a line that is no longer open) and ``ProjectionConflict`` when ``expected_version`` is not the current one.
    Saving the value a cell already has changes nothing and writes no history.
    """
    try:
        field = ProjectionField(field)
    except ValueError:
        raise ProjectionError(_("Unknown projection field “%(field)s”.") % {"field": str(field)[:30]}) from None
    quantity = parse_quantity(value)
    if isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 0:
        raise ProjectionError(_("The save did not say which version it changes; reload the page."))
    line = (SalesOrderLine.objects.open().filter(pk=line_id)
            .values("id", "sales_order_id", "line_number", "quantity_ordered", "quantity_shipped", "unit_price")
            .first())
    if line is None:
        raise ProjectionError(_("This line is no longer open in the ERP (shipped or closed); reload the page."))
    open_qty = line["quantity_ordered"] - line["quantity_shipped"]
    attribute = FIELD_ATTRIBUTES[field]
    now = now or timezone.now()

    with transaction.atomic():
        # Lock the projection row only (the user is an outer join, which PostgreSQL cannot lock).
        projection = Projection.objects.select_for_update(of=("self",)).select_related("updated_by").filter(
            so_line_id=line_id).first()
        current_version = projection.version if projection else 0
        if current_version != expected_version:
            raise ProjectionConflict(field, _state(projection, line_id, line["unit_price"]))
        other = 0
        if projection is not None:
            other = projection.high_risk_qty if field == ProjectionField.LOW_RISK else projection.low_risk_qty
        if quantity + other > open_qty:
            raise ProjectionError(
                _("Low-risk and high-risk together (%(total)s) cannot exceed the open quantity (%(open)s).")
                % {"total": quantity_text(quantity + other), "open": quantity_text(open_qty)}
            )
        old = getattr(projection, attribute) if projection is not None else None
        if projection is not None and old == quantity:
            return _state(projection, line_id, line["unit_price"])
        if projection is None:
            projection = Projection(so_line_id=line_id)
        projection.so_number, projection.line_number = line["sales_order_id"], line["line_number"]
        setattr(projection, attribute, quantity)
        projection.version = current_version + 1
        projection.updated_by, projection.updated_at = user, now
        projection.archived, projection.archived_at = False, None  # a reopened line is live again
        try:
            with transaction.atomic():
                projection.save()
        except IntegrityError:  # another planner created the line's first projection at the same moment
            theirs = Projection.objects.select_related("updated_by").get(so_line_id=line_id)
            raise ProjectionConflict(field, _state(theirs, line_id, line["unit_price"])) from None
        ProjectionChange.objects.create(
            projection=projection, field=field, old_value=old, new_value=quantity, version=projection.version,
            changed_by=user, changed_at=now,
        )
    return _state(projection, line_id, line["unit_price"])


HISTORY_LIMIT = 50


def projection_detail(line_id: int) -> tuple[ProjectionState, list[ProjectionChange]] | None:
    """A line's projection and its latest changes; None when the line is neither open nor projected."""
    projection = Projection.objects.select_related("updated_by").filter(so_line_id=line_id).first()
    price = SalesOrderLine.objects.filter(pk=line_id).values_list("unit_price", flat=True).first()
    if projection is None and not SalesOrderLine.objects.open().filter(pk=line_id).exists():
        return None
    changes = []
    if projection is not None:
        changes = list(projection.changes.select_related("changed_by")[:HISTORY_LIMIT])
    return _state(projection, line_id, price if price is not None else Decimal(0)), changes


def quantity_text(number: int | Decimal) -> str:
    """A quantity as people read it in a message: grouped (12,500), no trailing decimal zeros (60, not 60.0000)."""
    number = Decimal(number)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.number_format(number, force_grouping=True)


def archive_closed(now: dt.datetime | None = None) -> dict[str, int]:
    """Archive projections whose line is no longer open in the ERP; bring back those whose line reopened.

    Nothing is deleted. Reads the live projections' ids, asks the ERP which are still open (2,000 ids per query)
    and flips the flag in bulk. Idempotent: a second run changes nothing.
    """
    now = now or timezone.now()
    live_ids = list(Projection.objects.filter(archived=False).values_list("so_line_id", flat=True))
    archived_ids = list(Projection.objects.filter(archived=True).values_list("so_line_id", flat=True))
    still_open = _open_ids(live_ids)
    reopened = _open_ids(archived_ids)
    closed = [line_id for line_id in live_ids if line_id not in still_open]
    archived = restored = 0
    for chunk in chunked(closed):
        archived += Projection.objects.filter(so_line_id__in=chunk, archived=False).update(
            archived=True, archived_at=now)
    for chunk in chunked(sorted(reopened)):
        restored += Projection.objects.filter(so_line_id__in=chunk, archived=True).update(
            archived=False, archived_at=None)
    return {"archived": archived, "restored": restored}


def _open_ids(line_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in chunked(line_ids):
        found.update(SalesOrderLine.objects.open().filter(pk__in=chunk).values_list("id", flat=True))
    return found
