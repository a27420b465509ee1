"""Small formatting helpers of the maintenance pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(value) -> str:
    """A timedelta (or minutes) as "3 h 05 min"; negative values with a minus sign (time past a target)."""
    if value is None or value == "":
        return "—"
    minutes = value.total_seconds() / 60 if isinstance(value, dt.timedelta) else float(value)
    sign = "−" if minutes < 0 else ""
    minutes = round(abs(minutes))
    hours, rest = divmod(minutes, 60)
    if hours >= 24:
        days, hours = divmod(hours, 24)
        return _("%(sign)s%(d)d d %(h)d h") % {"sign": sign, "d": days, "h": hours}
    if hours:
        return _("%(sign)s%(h)d h %(m)02d min") % {"sign": sign, "h": hours, "m": rest}
    return _("%(sign)s%(m)d min") % {"sign": sign, "m": rest}
