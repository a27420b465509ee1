"""Customer sales analysis: KPIs, monthly trend, top products, shipments and open order lines of one customer.

Definitions (the page states them too):

* YTD sales = shipped value (``erp_shipment.value``) from 1 January of this year to today, both included.
* Open order value = Σ over open lines (status OPEN and ordered > shipped) of (ordered − shipped) × unit price.
* Open orders = distinct sales orders with at least one open line.
* Average open order value = open order value ÷ open orders, 0 when there are none.

Every figure is aggregated in the ERP database (a handful of queries per customer, whatever its row count);
Python only fills the 12-month grid and converts the few result rows. Reads go through the ERP models, so every
value reaches the database as a query parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import and_

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from erp.models import Customer, SalesOrderLine, Shipment

ZERO = Decimal(0)
CENT = Decimal("0.01")
SEARCH_MAX_WORDS = 8
SEARCH_MAX_LENGTH = 100

# (ordered - shipped) keeps the 4 decimals of quantities; × unit price gives 8, of which 4 are kept.
_QUANTITY = DecimalField(max_digits=18, decimal_places=4)
_AMOUNT = DecimalField(max_digits=28, decimal_places=4)
_MONEY = DecimalField(max_digits=18, decimal_places=2)


def open_quantity_expression() -> ExpressionWrapper:
    return ExpressionWrapper(F("quantity_ordered") - F("quantity_shipped"), output_field=_QUANTITY)


def open_value_expression() -> ExpressionWrapper:
    return ExpressionWrapper(
        (F("quantity_ordered") - F("quantity_shipped")) * F("unit_price"), output_field=_AMOUNT
    )


def _money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# --- customers ------------------------------------------------------------------------------------------------
def find_customer(code: str) -> Customer | None:
    """The customer with exactly this code (surrounding blanks ignored), or None."""
    code = (code or "").strip()
    if not code or len(code) > Customer._meta.get_field("customer_code").max_length:
        return None
    return Customer.objects.filter(customer_code=code).first()


def search_customers(query: str) -> QuerySet[Customer]:
    """Customers whose code or name contains every word of ``query`` (case-insensitive), best matches first.

    An exact code comes first, then active customers by name. Quotes, ``%``, ``_``, ``;`` or SQL words are plain
    text: the ORM passes them as parameters and escapes LIKE wildcards. An empty query lists every customer.
    """
    words = (query or "")[:SEARCH_MAX_LENGTH].split()[:SEARCH_MAX_WORDS]
    customers = Customer.objects.all()
    if words:
        customers = customers.filter(
            reduce(and_, (Q(customer_code__icontains=w) | Q(name__icontains=w) for w in words))
        )
    exact = (query or "").strip()
    return customers.annotate(
        exact_code=Case(When(customer_code__iexact=exact, then=Value(0)), default=Value(1))
    ).order_by("exact_code", "-active", "name", "customer_code")


# --- KPIs -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CustomerKpis:
    ytd_sales: Decimal
    prior_ytd_sales: Decimal  # the same period of last year, for comparison
    open_order_value: Decimal
    open_order_count: int
    open_line_count: int
    late_line_count: int

    @property
    def average_open_order_value(self) -> Decimal:
        if not self.open_order_count:
            return ZERO.quantize(CENT)
        return _money(self.open_order_value / self.open_order_count)

    @property
    def ytd_change_percent(self) -> Decimal | None:
        """YTD sales against the same period last year, in percent; None when last year had none."""
        if not self.prior_ytd_sales:
            return None
        change = (self.ytd_sales - self.prior_ytd_sales) / self.prior_ytd_sales * 100
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def customer_kpis(customer_code: str, today: dt.date) -> CustomerKpis:
    """The four KPI figures of one customer (two queries). See the module docstring for the definitions."""
    jan_first = today.replace(month=1, day=1)
    prior_jan_first = jan_first.replace(year=today.year - 1)
    prior_today = _same_day_last_year(today)
    zero_money = Value(ZERO, output_field=_MONEY)
    shipped = Shipment.objects.filter(
        customer_id=customer_code, ship_date__gte=prior_jan_first, ship_date__lte=today
    ).aggregate(
        ytd=Coalesce(Sum("value", filter=Q(ship_date__gte=jan_first)), zero_money),
        prior=Coalesce(Sum("value", filter=Q(ship_date__lte=prior_today)), zero_money),
    )
    open_lines = SalesOrderLine.objects.open().filter(customer_id=customer_code).aggregate(
        value=Coalesce(Sum(open_value_expression()), Value(ZERO, output_field=_AMOUNT)),
        orders=Count("sales_order", distinct=True),
        lines=Count("id"),
        late=Count("id", filter=Q(due_date__lt=today)),
    )
    return CustomerKpis(
        ytd_sales=_money(shipped["ytd"]),
        prior_ytd_sales=_money(shipped["prior"]),
        open_order_value=_money(open_lines["value"]),
        open_order_count=open_lines["orders"],
        open_line_count=open_lines["lines"],
        late_line_count=open_lines["late"],
    )


# --- monthly trend --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthSales:
    month: int  # 1..12
    this_year: Decimal
    last_year: Decimal
    future: bool  # a month of this year that has not started yet (no figure to show, not a zero)


@dataclass(frozen=True)
class MonthlySales:
    year: int
    months: list[MonthSales]

    @property
    def this_year_total(self) -> Decimal:
        return sum((m.this_year for m in self.months), ZERO)

    @property
    def last_year_total(self) -> Decimal:
        return sum((m.last_year for m in self.months), ZERO)


def monthly_sales(customer_code: str, today: dt.date) -> MonthlySales:
    """Shipped value per calendar month, this year (to today) against the whole of last year; one query."""
    rows = (
        Shipment.objects.filter(
            customer_id=customer_code, ship_date__gte=dt.date(today.year - 1, 1, 1), ship_date__lte=today
        )
        .annotate(year=ExtractYear("ship_date"), month=ExtractMonth("ship_date"))
        .values("year", "month")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals = {(row["year"], row["month"]): _money(row["total"]) for row in rows}
    zero = ZERO.quantize(CENT)
    return MonthlySales(
        year=today.year,
        months=[
            MonthSales(
                month=month,
                this_year=totals.get((today.year, month), zero),
                last_year=totals.get((today.year - 1, month), zero),
                future=month > today.month,
            )
            for month in range(1, 13)
        ],
    )


# --- top products ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TopProduct:
    part_number: str
    description: str
    uom: str
    open_quantity: Decimal
    open_value: Decimal
    open_lines: int


def top_products(customer_code: str, limit: int = 10) -> list[TopProduct]:
    """The customer's parts with the highest open order value (ties by part number); one query."""
    rows = (
        SalesOrderLine.objects.open()
        .filter(customer_id=customer_code)
        .values("part_id", "part__description", "part__uom")
        .annotate(open_quantity=Sum(open_quantity_expression()), open_value=Sum(open_value_expression()),
                  open_lines=Count("id"))
        .order_by("-open_value", "part_id")[:limit]
    )
    return [
        TopProduct(
            part_number=row["part_id"],
            description=row["part__description"] or "",
            uom=row["part__uom"] or "",
            open_quantity=row["open_quantity"],
            open_value=_money(row["open_value"]),
            open_lines=row["open_lines"],
        )
        for row in rows
    ]


def top_customers(limit: int = 10) -> list[dict]:
    """Customers with the highest open order value: quick picks for the empty page; one query."""
    return list(
        SalesOrderLine.objects.open()
        .values("customer_id", "customer__name")
        .annotate(open_value=Sum(open_value_expression()), open_lines=Count("id"))
        .order_by("-open_value", "customer_id")[:limit]
    )


# --- shipments and open orders --------------------------------------------------------------------------------
def customer_shipments(customer_code: str) -> QuerySet[Shipment]:
    """Every shipment line of the customer, most recent first (ties: latest row first)."""
    return (
        Shipment.objects.filter(customer_id=customer_code)
        .select_related("part")
        .order_by("-ship_date", "-id")
    )


def recent_shipments(customer_code: str, limit: int = 10) -> QuerySet[Shipment]:
    return customer_shipments(customer_code)[:limit]


def open_orders(customer_code: str, today: dt.date) -> QuerySet[SalesOrderLine]:
    """The customer's open order lines with ``open_qty``, ``open_value`` and ``is_late`` (due before today).

    (``open_qty``, not ``open_quantity``: the model has a read-only property of that name.)
    """
    return (
        SalesOrderLine.objects.open()
        .filter(customer_id=customer_code)
        .select_related("sales_order", "part")
        .annotate(
            open_qty=open_quantity_expression(),
            open_value=open_value_expression(),
            is_late=Case(When(due_date__lt=today, then=Value(True)), default=Value(False),
                         output_field=BooleanField()),
        )
        .order_by("due_date", "sales_order_id", "line_number")
    )
