"""Number filters of the sales analysis cards, formatted exactly as the shared list cells (portal lists tags)."""

from django import template

from portal.lists.columns import Column
from portal.templatetags.lists import cell

register = template.Library()

_KINDS = {kind: Column("value", "", kind=kind) for kind in ("money", "decimal", "int", "percent")}


@register.filter
def money(value) -> str:
    return cell(_KINDS["money"], value)


@register.filter
def quantity(value) -> str:
    return cell(_KINDS["decimal"], value)


@register.filter
def count(value) -> str:
    return cell(_KINDS["int"], value)


@register.filter
def percent(value) -> str:
    return cell(_KINDS["percent"], value)
