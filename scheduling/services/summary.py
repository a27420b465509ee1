"""The summary cards above the grid. Definitions (the page states them too):

* FG on hand = Σ quantity × part unit cost over lots of finished goods that are APPROVED or PENDING_QC, split by
  age (today − receipt date, in days) into the configured buckets (default 0-30, 31-90, over 90).
* Shipped this month = Σ shipped value (``erp_shipment.value``) from the 1st of this month to today.
* Projected low-risk / high-risk = Σ projection quantity × line unit price over the open lines.
* Likely this month = the low-risk value of open lines due by the end of this month (overdue ones included: they
  are still to ship). Potential this month = likely + the high-risk value of the same lines.

The ERP figures are aggregated in the ERP database (one query each). Projections live in the portal's database,
so their values take one portal query and one ERP query per 2,000 projected lines (ids, prices, due dates), summed
here: SQL cannot join two databases.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from erp.models import InventoryLot, LotStatus, PartType, SalesOrderLine, Shipment
from scheduling.models import AgingBucket, Projection

from .grid import ZERO, chunked, money

_AMOUNT = DecimalField(max_digits=28, decimal_places=4)
_MONEY = DecimalField(max_digits=18, decimal_places=2)
FG_ON_HAND_STATUSES = (LotStatus.APPROVED, LotStatus.PENDING_QC)


@dataclass(frozen=True)
class AgeBucketValue:
    min_days: int
    max_days: int | None  # None: no upper bound
    value: Decimal


@dataclass(frozen=True)
class ScheduleSummary:
    as_of: dt.date
    month_end: dt.date
    fg_buckets: tuple[AgeBucketValue, AgeBucketValue, AgeBucketValue]
    shipped_this_month: Decimal
    projected_low_risk: Decimal
    projected_high_risk: Decimal
    likely_this_month: Decimal
    potential_this_month: Decimal

    @property
    def fg_total(self) -> Decimal:
        return sum((bucket.value for bucket in self.fg_buckets), ZERO)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def fg_on_hand_by_age(today: dt.date, buckets: AgingBucket, facility: str = "",
                      business_unit: str = "") -> tuple[AgeBucketValue, AgeBucketValue, AgeBucketValue]:
    """FG on-hand value in three age buckets (one ERP query)."""
    first, second = buckets.first_max_days, buckets.second_max_days
    first_from = today - dt.timedelta(days=first)  # received on or after: age <= first
    second_from = today - dt.timedelta(days=second)
    lots = InventoryLot.objects.filter(part__part_type=PartType.FINISHED_GOOD, status__in=FG_ON_HAND_STATUSES)
    if facility:
        lots = lots.filter(facility=facility)
    if business_unit:
        lots = lots.filter(part__business_unit=business_unit)
    value = ExpressionWrapper(F("quantity") * F("part__unit_cost"), output_field=_AMOUNT)
    zero = Value(ZERO, output_field=_AMOUNT)
    totals = lots.aggregate(
        recent=Coalesce(Sum(value, filter=Q(receipt_date__gte=first_from)), zero),
        middle=Coalesce(Sum(value, filter=Q(receipt_date__lt=first_from, receipt_date__gte=second_from)), zero),
        old=Coalesce(Sum(value, filter=Q(receipt_date__lt=second_from)), zero),
    )
    return (
        AgeBucketValue(0, first, money(totals["recent"])),
        AgeBucketValue(first + 1, second, money(totals["middle"])),
        AgeBucketValue(second + 1, None, money(totals["old"])),
    )


def shipped_in_month(today: dt.date, facility: str = "", business_unit: str = "") -> Decimal:
    """Shipped value from the 1st of ``today``'s month to ``today`` (one ERP query)."""
    shipments = Shipment.objects.filter(ship_date__gte=today.replace(day=1), ship_date__lte=today)
    if facility:
        shipments = shipments.filter(facility=facility)
    if business_unit:
        shipments = shipments.filter(sales_order_line__business_unit=business_unit)
    total = shipments.aggregate(total=Coalesce(Sum("value"), Value(ZERO, output_field=_MONEY)))["total"]
    return money(total)


def projected_values(today: dt.date, facility: str = "", business_unit: str = "") -> dict[str, Decimal]:
    """Projected low/high-risk values of the open lines, and the likely/potential values of this month."""
    quantities = {
        line_id: (low, high)
        for line_id, low, high in Projection.objects.filter(Q(low_risk_qty__gt=0) | Q(high_risk_qty__gt=0))
        .values_list("so_line_id", "low_risk_qty", "high_risk_qty")
    }
    last_day = month_end(today)
    low_total = high_total = likely = likely_high = ZERO
    for chunk in chunked(sorted(quantities)):
        lines = SalesOrderLine.objects.open().filter(pk__in=chunk)
        if facility:
            lines = lines.filter(facility=facility)
        if business_unit:
            lines = lines.filter(business_unit=business_unit)
        for line_id, unit_price, due_date in lines.values_list("id", "unit_price", "due_date"):
            low, high = quantities[line_id]
            low_value, high_value = low * unit_price, high * unit_price
            low_total += low_value
            high_total += high_value
            if due_date <= last_day:
                likely += low_value
                likely_high += high_value
    return {
        "projected_low_risk": money(low_total),
        "projected_high_risk": money(high_total),
        "likely_this_month": money(likely),
        "potential_this_month": money(likely + likely_high),
    }


def schedule_summary(today: dt.date, facility: str = "", business_unit: str = "") -> ScheduleSummary:
    """Every summary card, for the whole plant or one facility / business unit."""
    return ScheduleSummary(
        as_of=today,
        month_end=month_end(today),
        fg_buckets=fg_on_hand_by_age(today, AgingBucket.current(), facility, business_unit),
        shipped_this_month=shipped_in_month(today, facility, business_unit),
        **projected_values(today, facility, business_unit),
    )
