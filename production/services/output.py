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


def signed_output():
    """A movement's contribution to output: an OUT counts, the correction of an OUT (an IN) takes it back."""
    return Case(
        When(direction=Movement.Direction.OUT, kind__in=[Movement.Kind.NORMAL, Movement.Kind.OVERRIDE],
             then=F("quantity")),
        When(kind=Movement.Kind.CORRECTION, direction=Movement.Direction.IN, then=-F("quantity")),
        default=0, output_field=IntegerField())


def produced_units(line_ids: Iterable[int], start: dt.datetime, end: dt.datetime,
                   order_id: int | None = None) -> dict[int, int]:
    """Units that went OUT of each work center in ``[start, end)``: OUT movements minus corrections of OUTs."""
    rows = Movement.objects.filter(line_id__in=list(line_ids), at__gte=start, at__lt=end)
    if order_id is not None:
        rows = rows.filter(order_id=order_id)
    totals = rows.values("line_id").annotate(units=Sum(signed_output())).order_by("line_id")
    return {row["line_id"]: row["units"] or 0 for row in totals}


def produced_units_per_day(line_ids: Iterable[int], first: dt.date, last: dt.date,
                           order_id: int | None = None) -> dict[tuple[int, dt.date], int]:
    """Units OUT per work center and plant date (the facility's calendar day), ``first`` to ``last`` inclusive.

    Days without output are absent. For daily charts, meters and job progress by day."""
    rows = Movement.objects.filter(line_id__in=list(line_ids), plant_date__gte=first, plant_date__lte=last)
    if order_id is not None:
        rows = rows.filter(order_id=order_id)
    totals = rows.values("line_id", "plant_date").annotate(units=Sum(signed_output())).order_by()
    return {(row["line_id"], row["plant_date"]): row["units"] or 0 for row in totals}
