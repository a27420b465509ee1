"""Balances over a period, per order and work center: opening balance, IN, OUT and closing balance.

A period is a range of plant dates (each work center's own days, ``Movement.plant_date``). The opening balance is
IN - OUT of every movement before the period, the closing balance the opening plus the period's IN - OUT: a day of
only OUTs reads as what was left, not as a negative balance. Without a start the opening is 0 (all history is in
the period); without an end the period runs to now. A row is listed when it moved in the period or carries a
balance into it. The last movement (up to the end of the period) names who recorded it and their department (the
one of theirs that holds the work center, else the first by name).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce

from portal.models import Department

from ..models import Movement

GROUP_FIELDS = ("line_id", "order_id", "line__code", "line__facility__code", "line__facility__time_zone",
                "order__number", "order__erp_job")
IN = Movement.Direction.IN
OUT = Movement.Direction.OUT


def _signed():
    return Case(When(direction=IN, then=F("quantity")), default=-F("quantity"), output_field=IntegerField())


def _last_movement(movements: QuerySet, end: dt.date | None) -> QuerySet:
    last = movements.filter(order_id=OuterRef("order_id"), line_id=OuterRef("line_id"))
    if end is not None:
        last = last.filter(plant_date__lte=end)
    return last.order_by("-at", "-pk")


def _department_name() -> Subquery:
    """The recording user's department (``OuterRef``: a movement): the one holding the work center, else the first
    of theirs by name."""
    theirs = Department.objects.filter(users=OuterRef("user_id")).order_by("name").values("name")[:1]
    holding = Department.objects.filter(users=OuterRef("user_id"), lines=OuterRef("line_id")).order_by(
        "name").values("name")[:1]
    return Coalesce(Subquery(holding), Subquery(theirs))


def period_balances(movements: QuerySet, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """One row per order and work center of ``movements`` (already scoped and filtered by everything but the
    dates): ``opening``, ``qty_in``, ``qty_out``, ``closing``, ``movements`` (in the period), ``last_at``,
    ``last_user`` and ``last_department``."""
    upto = movements.filter(plant_date__lte=end) if end is not None else movements
    before = Q(plant_date__lt=start) if start is not None else Q(pk__in=[])
    within = ~before
    last = _last_movement(movements, end)
    rows = (upto.values(*GROUP_FIELDS).annotate(
        opening=Sum(_signed(), filter=before, default=0),
        qty_in=Sum("quantity", filter=within & Q(direction=IN), default=0),
        qty_out=Sum("quantity", filter=within & Q(direction=OUT), default=0),
        movements=Count("pk", filter=within),
        last_at=Max("at"),
        last_user=Subquery(last.values("user__username")[:1]),
        last_department=Subquery(last.annotate(department=_department_name()).values("department")[:1]),
    ).annotate(closing=F("opening") + F("qty_in") - F("qty_out"), net=F("qty_in") - F("qty_out")))
    return rows.filter(Q(movements__gt=0) | ~Q(opening=0))


def period_totals(rows: QuerySet) -> dict[str, int]:
    """The sums of the rows' figures (one query)."""
    totals = dict.fromkeys(("opening", "qty_in", "qty_out", "closing"), 0)
    for row in rows.values_list("opening", "qty_in", "qty_out", "closing").order_by():
        for name, value in zip(totals, row, strict=True):
            totals[name] += value or 0
    totals["net"] = totals["qty_in"] - totals["qty_out"]
    return totals


__all__ = ["period_balances", "period_totals"]
