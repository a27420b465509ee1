"""Read-side services of the MRP reports over a stored run: purchasing shortages, customer cards, forecast."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from mrp.engine import forecast as forecast_rule
from mrp.models import AT_RISK_STATUSES, CRITICAL_STATUSES, ON_TRACK_STATUSES, MrpLine, MrpRun, MrpShortage

ZERO = Decimal(0)
URGENCY_DAYS = (7, 14, 30)


@dataclass
class ShortageRow:
    component: str
    description: str
    uom: str
    on_hand: Decimal
    open_po: Decimal
    shortfall: Decimal
    earliest_due: dt.date
    lines: int
    customers: list[str] = field(default_factory=list)
    so_numbers: list[str] = field(default_factory=list)

    @property
    def customers_text(self) -> str:
        return ", ".join(self.customers)

    @property
    def so_text(self) -> str:
        return ", ".join(self.so_numbers)


def shortages(run: MrpRun, *, today: dt.date, within_days: int | None = None, customer: str = "",
              text: str = "") -> list[ShortageRow]:
    """Shortfalls summed per component over the run's lines matching the filters; earliest due first.

    ``within_days``: only lines due by today + N days (overdue lines included); ``customer``: code or part of the
    name; ``text``: words that must each appear in the component, its description, an SO or a customer.
    """
    lines = MrpShortage.objects.filter(run=run)
    if within_days is not None:
        lines = due_within(lines, today, within_days)
    if customer:
        lines = of_customer(lines, customer)
    return summarize_shortages(run, lines, text)


def due_within(lines, today: dt.date, days: int):
    """Shortage lines due by today + ``days`` (overdue ones included)."""
    return lines.filter(due_date__lte=today + dt.timedelta(days=days))


def of_customer(lines, customer: str):
    """Shortage lines of a customer given by code (exact) or part of the name."""
    return lines.filter(Q(customer_code__iexact=customer) | Q(customer_name__icontains=customer))


def summarize_shortages(run: MrpRun, lines, text: str = "") -> list[ShortageRow]:
    """The shortage lines (a queryset of ``run``'s MrpShortage) summed per component, keeping the components whose
    summary holds every word of ``text``; earliest due first."""
    found: dict[str, ShortageRow] = {}
    customers: dict[str, set[str]] = defaultdict(set)
    orders: dict[str, set[str]] = defaultdict(set)
    info = run.components or {}
    for component, so, code, name, due, shortfall in lines.values_list(
            "component", "so_number", "customer_code", "customer_name", "due_date", "shortfall").iterator(2000):
        entry = found.get(component)
        if entry is None:
            description, uom, on_hand, open_po = info.get(component, ["", "", "0", "0"])
            entry = found[component] = ShortageRow(component, description, uom, Decimal(on_hand), Decimal(open_po),
                                                   ZERO, due, 0)
        entry.shortfall += shortfall
        entry.lines += 1
        entry.earliest_due = min(entry.earliest_due, due)
        customers[component].add(name or code)
        orders[component].add(so)
    result = []
    words = [w.lower() for w in text.split()][:8]
    for component, entry in found.items():
        entry.customers, entry.so_numbers = sorted(customers[component]), sorted(orders[component])
        haystack = " ".join([component, entry.description, entry.customers_text, entry.so_text]).lower()
        if all(word in haystack for word in words):
            result.append(entry)
    result.sort(key=lambda s: (s.earliest_due, -s.shortfall, s.component))
    return result


@dataclass
class Cards:
    total: int = 0
    on_track: int = 0
    at_risk: int = 0
    critical: int = 0
    total_value: Decimal = ZERO
    on_track_value: Decimal = ZERO
    at_risk_value: Decimal = ZERO
    critical_value: Decimal = ZERO


def cards(lines) -> Cards:
    """Line counts and open values per outlook over a queryset of MrpLine (one grouped query)."""
    result = Cards()
    for status, count, value in lines.order_by().values_list("status").annotate(n=Count("id"), v=Sum("value")):
        value = Decimal(str(value or 0))
        result.total += count
        result.total_value += value
        for group, statuses in (("on_track", ON_TRACK_STATUSES), ("at_risk", AT_RISK_STATUSES),
                                ("critical", CRITICAL_STATUSES)):
            if status in statuses:
                setattr(result, group, getattr(result, group) + count)
                setattr(result, f"{group}_value", getattr(result, f"{group}_value") + value)
    return result


@dataclass
class Forecast:
    month_start: dt.date
    month_end: dt.date
    earliest_production_ship: dt.date
    likely: list[MrpLine]
    at_risk: list[MrpLine]
    likely_count: int
    at_risk_count: int
    likely_value: Decimal
    at_risk_value: Decimal


def _likely_q(today: dt.date, lead_days: int) -> Q:
    """mrp/engine/forecast.py's rule as a filter (the counts and values cover every line in one query); the lines
    listed are checked against the rule itself (:func:`shipment_forecast`)."""
    full = Q(status__in=forecast_rule.FULL)
    if forecast_rule.add_working_days(today, lead_days) <= forecast_rule.month_of(today)[1]:
        return full
    return full & ~(Q(status__in=forecast_rule.PRODUCTION) | Q(remainder__gt=0))


def shipment_forecast(run: MrpRun, today: dt.date, lead_days: int, limit: int | None = None) -> Forecast:
    """Lines due this month, likely to ship or at risk / partial by mrp/engine/forecast.py's rule; each listed line
    gets ``forecast_reason`` (None when likely) and ``ready_by`` (today + its lead).

    Counts and values cover every line (one grouped query); the line lists hold at most ``limit`` lines each.
    """
    start, end = forecast_rule.month_of(today)
    ready_by = forecast_rule.add_working_days(today, lead_days)
    month = MrpLine.objects.filter(run=run, due_date__range=(start, end))
    likely_q = _likely_q(today, lead_days)
    totals = month.aggregate(
        likely_count=Count("id", filter=likely_q), likely_value=Sum("value", filter=likely_q),
        at_risk_count=Count("id", filter=~likely_q), at_risk_value=Sum("value", filter=~likely_q),
    )
    listed = month.defer("components").order_by("due_date", "position")
    likely, at_risk = listed.filter(likely_q), listed.exclude(likely_q)
    if limit is not None:
        likely, at_risk = likely[:limit], at_risk[:limit]
    likely, at_risk = list(likely), list(at_risk)
    for line in likely + at_risk:
        line.forecast_reason = forecast_rule.at_risk_reason(line.status, line.remainder, today, lead_days)
        line.ready_by = forecast_rule.add_working_days(
            today, forecast_rule.lead_days(line.status, line.remainder, lead_days))
    return Forecast(
        start, end, ready_by, likely, at_risk, totals["likely_count"], totals["at_risk_count"],
        Decimal(str(totals["likely_value"] or 0)), Decimal(str(totals["at_risk_value"] or 0)),
    )
