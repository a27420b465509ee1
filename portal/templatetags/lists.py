"""Formatting of list cells by column kind (the Excel export uses the same kinds)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, timezone
from django.utils.html import format_html

from portal.lists.columns import Column
from portal.services.localtime import format_local

register = template.Library()


@register.simple_tag
def cell(column, value):
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind == "bool":
        return format_html('<i class="bi bi-{}" aria-label="{}"></i>', "check-lg" if value else "dash",
                           "yes" if value else "no")
    if kind == "int":
        return intcomma(int(value))
    if kind == "quantity":
        return intcomma(_quantity_text(Decimal(str(value))))
    if kind in ("decimal", "money", "percent"):
        number = Decimal(str(value))
        text = intcomma(_decimal_text(number, kind))
        return f"${text}" if kind == "money" else (f"{text}%" if kind == "percent" else text)
    if kind == "datetime" and isinstance(value, dt.datetime):
        # facility-local columns carry their zone already; other date-times read in the current zone: the portal's,
        # or the facility's on a page about one facility (timezone.override), as the Excel export writes them
        return format_local(value, value.tzinfo if column.local_zone else timezone.get_current_timezone())
    if kind == "date" and isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


def _decimal_text(number: Decimal, kind: str) -> str:
    """Two places (one for percents), more for small quantities and unit costs so 0.0025 does not read 0.00."""
    places = 1 if kind == "percent" else 2
    if kind != "percent" and number and abs(number) < 1:
        text = f"{number:.6f}".rstrip("0")
        decimals = len(text.split(".")[1]) if "." in text else 0
        places = min(max(places, decimals), 6)
    return f"{number:.{places}f}"


def _quantity_text(number: Decimal) -> str:
    """Up to 4 places with trailing zeros dropped (2.2, 1.0816, 3); up to 6 for a tiny quantity so it never reads 0."""
    places = 6 if number and abs(number) < Decimal("0.001") else 4
    text = f"{number:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.simple_tag
def number(value, kind: str = "decimal"):
    """A figure outside a list table, formatted as a list cell of ``kind`` (money, quantity, percent...)."""
    return cell(_COLUMNS.setdefault(kind, Column("value", "", kind=kind)), value)


_COLUMNS: dict = {}


@register.simple_tag
def sort_link(column, sort_key, sort_desc, query_nosort):
    """The query string that sorts by ``column`` (toggling direction when it is the current sort)."""
    descending = not sort_desc if column.key == sort_key else False
    prefix = "-" if descending else ""
    return f"?{query_nosort}&sort={prefix}{column.key}" if query_nosort else f"?sort={prefix}{column.key}"
