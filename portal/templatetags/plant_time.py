"""Plant-local time in templates (see portal/services/localtime.py and docs/time-zones.md).

    {% load plant_time %}
    {% local_time event.start event.facility %}             -> "3/8/2026 2:05 p.m. EDT" (label when several zones)
    {% local_time event.start event.facility "H:i" %}       -> "14:05 EDT"
    {{ event.start|in_zone:event.facility|date:"H:i" }}     -> "14:05" (Django's date filter, facility's zone)
    {{ event.start|in_zone:event.facility|zone_label }}     -> "EDT" when several zones are in use, else ""
    {{ run.started_at|local }}                              -> "3/8/2026 2:05 p.m. EDT" in the page's zone
    {{ run.started_at|local:"H:i" }}                        -> "14:05 EDT"

``local`` reads in the page's active zone (a ``{% timezone %}`` block, or a page about one facility whose view runs
under ``timezone.override``, as the laser shop's do), in the same notation as the lists' date-time cells.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.templatetags.tz import datetimeobject
from django.utils import timezone

from portal.services import localtime

register = template.Library()


@register.simple_tag
def local_time(value, source=None, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    if not isinstance(value, dt.datetime):
        return "" if value in (None, "") else str(value)
    return localtime.format_local(value, source, fmt)


@register.filter
def local(value, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    """A date-time in the page's active zone, labelled as the core labels (``format_local``); a date as a date."""
    if isinstance(value, dt.datetime):
        return localtime.format_local(value, timezone.get_current_timezone(), fmt)
    return "" if value in (None, "") else str(value)


@register.filter
def in_zone(value, source=None):
    """``value`` in the zone of ``source`` (a Facility, a zone name); later filters keep that zone."""
    if not isinstance(value, dt.datetime):
        return value
    local = localtime.to_local(value, source)
    result = datetimeobject(local.year, local.month, local.day, local.hour, local.minute, local.second,
                            local.microsecond, local.tzinfo, fold=local.fold)
    result.convert_to_local_time = False  # Django's date filter would otherwise convert it back
    return result


@register.filter
def zone_label(value) -> str:
    """The zone abbreviation of an aware date-time when several zones are in use, else nothing."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None or not localtime.several_zones():
        return ""
    return localtime.zone_abbreviation(value)
