"""What production output other modules read (job planning actuals, OEE, maintenance meters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, QuerySet, Sum, When

from ..models import Movement


def movements_between(start: dt.datetime, end: dt.datetime, line_ids: Iterable[int] | None = None) -> QuerySet:
    """Movements with ``start <= at < end`` (optionally of some work centers), oldest first."""
    rows = Movement.objects.filter(at__gte=start, at__lt=end).select_related("order", "line", "user")
    if line_ids is not None:
        rows = rows.filter(line_id__in=list(line_ids))
    return rows.order_by("at", "pk")


def produced_units(line_ids: Iterable[int], start: dt.datetime, end: dt.datetime,
                   order_id: int | None = None) -> dict[int, int]:
    """Units that went OUT of each work center in ``[start, end)``: OUT movements minus corrections of OUTs."""
    rows = Movement.objects.filter(line_id__in=list(line_ids), at__gte=start, at__lt=end)
    if order_id is not None:
        rows = rows.filter(order_id=order_id)
    signed = Case(
        When(direction=Movement.Direction.OUT, kind__in=[Movement.Kind.NORMAL, Movement.Kind.OVERRIDE],
             then=F("quantity")),
        When(kind=Movement.Kind.CORRECTION, direction=Movement.Direction.IN, then=-F("quantity")),
        default=0, output_field=IntegerField())
    totals = rows.values("line_id").annotate(units=Sum(signed))
    return {row["line_id"]: row["units"] or 0 for row in totals}
