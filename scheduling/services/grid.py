"""Rows of the scheduling grid: the ERP's open SO lines merged with the planners' projections.

The ERP and the portal are two databases, so the merge is two bounded queries per page: the page of ERP lines,
then the projections of exactly those line ids (``attach_projections``). Nothing is read per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet

from erp.models import SalesOrderLine
from scheduling.models import Projection

CENT = Decimal("0.01")
ZERO = Decimal(0)
# SQL Server takes at most 2,100 parameters per statement: id lists stay below that.
ID_CHUNK = 2000

_QUANTITY = DecimalField(max_digits=18, decimal_places=4)
_AMOUNT = DecimalField(max_digits=28, decimal_places=4)


def money(value: Decimal | int | None) -> Decimal:
    return (Decimal(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def line_value(quantity: int | Decimal, unit_price: Decimal) -> Decimal:
    """Dollar value of a quantity of a line: quantity × unit price, rounded to cents."""
    return money(Decimal(quantity) * unit_price)


def open_lines() -> QuerySet[SalesOrderLine]:
    """Open SO lines with the open quantity and value and, as plain values, the customer name, customer PO, part
    description and unit of measure (ERP database).

    Joined values rather than ``select_related``: one model instance per line instead of four halves the time to
    read every open line (6,000 at demo scale 2).
    """
    open_qty = ExpressionWrapper(F("quantity_ordered") - F("quantity_shipped"), output_field=_QUANTITY)
    return (
        SalesOrderLine.objects.open()
        .annotate(customer_name=F("customer__name"), customer_po=F("sales_order__customer_po"),
                  description=F("part__description"), uom=F("part__uom"), open_qty=open_qty,
                  open_value=ExpressionWrapper(
                      (F("quantity_ordered") - F("quantity_shipped")) * F("unit_price"), output_field=_AMOUNT))
    )


def chunked(items: Iterable, size: int = ID_CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def projections_for(line_ids: Sequence[int]) -> dict[int, Projection]:
    """The projections of these line ids (archived ones too: a reopened line finds its numbers again)."""
    found: dict[int, Projection] = {}
    for chunk in chunked(line_ids):
        for projection in Projection.objects.filter(so_line_id__in=chunk).select_related("updated_by"):
            found[projection.so_line_id] = projection
    return found


def attach_projections(lines: Sequence[SalesOrderLine]) -> list[SalesOrderLine]:
    """Give each line its projection figures as attributes (one query per 2,000 lines).

    ``low_risk_qty``, ``high_risk_qty``, their dollar values, ``projection_version`` (0 = none yet, the version a
    first save must name), ``projection_updated_by`` and ``projection_updated_at``.
    """
    lines = list(lines)
    projections = projections_for([line.pk for line in lines])
    for line in lines:
        projection = projections.get(line.pk)
        low = projection.low_risk_qty if projection else 0
        high = projection.high_risk_qty if projection else 0
        line.low_risk_qty, line.high_risk_qty = low, high
        line.low_risk_value = line_value(low, line.unit_price)
        line.high_risk_value = line_value(high, line.unit_price)
        line.projection_version = projection.version if projection else 0
        line.projection_updated_by = user_label(projection.updated_by) if projection else ""
        line.projection_updated_at = projection.updated_at if projection else None
        # A partial shipment since the projection was entered can leave it above what is still open.
        line.projection_above_open = Decimal(low + high) > line.open_qty
    return lines


def user_label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
