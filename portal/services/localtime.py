"""Plant-local time: every time a person reads is shown in the zone of the facility it belongs to.

Times are stored in UTC. A row that belongs to a facility (a downtime stop of a line, a job of a work center) is
shown in ``Facility.time_zone``; a time that belongs to no facility (an MRP run, an export) in the portal's zone
(``settings.TIME_ZONE``). When the portal's facilities use more than one zone, a time is labelled with its zone's
abbreviation (``CST``, ``EDT``...) so two rows of one page cannot be misread.

The same rules reach every output through thin adapters (see docs/time-zones.md):
templates (``{% load localtime %}``), list columns and exports (``portal.lists.columns.LocalDateTimeColumn``),
the REST API (``portal.api.fields.FacilityDateTimeField``) and the admin (``portal.admin_mixins``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import gettext as _

ZONES_CACHE_KEY = "portal.localtime.zones"
ZONES_CACHE_SECONDS = 300  # also refreshed when a facility is saved or deleted (portal/signals.py)

Zoned = Any  # a Facility, a zone name ("America/New_York"), a ZoneInfo, or None (the portal's zone)


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a clock change (e.g. 02:30 on the spring-forward night); ``message`` is what a
    person is told."""

    def __init__(self, naive: dt.datetime, zone: dt.tzinfo):
        super().__init__(f"{naive:%Y-%m-%d %H:%M} does not exist in {zone}")
        self.naive, self.zone = naive, zone

    @property
    def message(self) -> str:
        return _("%(time)s does not exist in %(zone)s: the clocks moved forward that night.") % {
            "time": f"{self.naive:%Y-%m-%d %H:%M}", "zone": self.zone}


def zone_of(source: Zoned) -> dt.tzinfo:
    """The time zone of ``source``: a Facility (or anything with ``time_zone``), a zone name or a tzinfo.

    None and an unknown name give the portal's zone, so a stray value never breaks a page.
    """
    if source is None:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    if isinstance(source, dt.tzinfo):
        return source
    name = source if isinstance(source, str) else getattr(source, "time_zone", None)
    try:
        return zoneinfo.ZoneInfo(name) if name else zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def to_local(value: dt.datetime | None, source: Zoned) -> dt.datetime | None:
    """``value`` (aware, any zone) as an aware datetime in the zone of ``source``."""
    if value is None:
        return None
    if timezone.is_naive(value):  # a naive value in the database would be UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone_of(source))


def make_aware(naive: dt.datetime, source: Zoned) -> dt.datetime:
    """A wall-clock time read in the zone of ``source`` (a form or API input) as an aware datetime.

    An ambiguous time (the repeated hour when clocks go back) is the first of the two. A time that does not exist
    (the hour skipped when clocks go forward) raises ``NonexistentLocalTime`` rather than silently shifting.
    A time at the very edge of the calendar (year 1 in a zone ahead of UTC) has no instant there: it is read as UTC,
    still centuries outside any plausible window, so the caller's own bounds (``check_floor_time``) refuse it with
    their message instead of an ``OverflowError``.
    """
    if timezone.is_aware(naive):
        return naive
    tz = zone_of(source)
    aware = naive.replace(tzinfo=tz, fold=0)
    try:
        round_trip = aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    except OverflowError:
        return naive.replace(tzinfo=dt.UTC)
    if round_trip != naive:
        raise NonexistentLocalTime(naive, tz)
    return aware


def local_date(value: dt.datetime, source: Zoned) -> dt.date:
    """The calendar date of ``value`` at the facility (not at the server)."""
    return to_local(value, source).date()


def zone_abbreviation(value: dt.datetime) -> str:
    """``CST``, ``EDT``...; a zone without an abbreviation gives its UTC offset (``-06``)."""
    return value.tzname() or ""


def _plant_zones() -> dict:
    """{"zones": the distinct zones of active facilities, "erp": ERP facility code -> zone} (cached)."""
    data = cache.get(ZONES_CACHE_KEY)
    return refresh_zones() if data is None else data


def refresh_zones(**_kwargs) -> dict:
    """Read the facilities' zones into the cache (on a facility change, so pages rarely pay this query)."""
    from portal.models import Facility

    rows = list(Facility.objects.order_by().values_list("erp_code", "time_zone", "active"))
    data = {"zones": frozenset(zone for _code, zone, active in rows if active),
            "erp": {code: zone for code, zone, _active in rows if code}}
    cache.set(ZONES_CACHE_KEY, data, ZONES_CACHE_SECONDS)
    return data


def zones_in_use() -> frozenset[str]:
    """The distinct time zones of active facilities."""
    return _plant_zones()["zones"]


def erp_facility_zone(code: str | None) -> str:
    """The zone of the portal facility whose ERP code is ``code`` (ERP rows name facilities by code); the portal's
    zone for an unknown code."""
    return _plant_zones()["erp"].get(code or "", settings.TIME_ZONE)


def several_zones() -> bool:
    """Whether a page may show times of more than one zone: then every time carries its zone's label."""
    return len(zones_in_use() | {settings.TIME_ZONE}) > 1


def forget_zones() -> None:
    cache.delete(ZONES_CACHE_KEY)


def format_local(value: dt.datetime | None, source: Zoned, fmt: str = "SHORT_DATETIME_FORMAT", *,
                 label: bool | None = None) -> str:
    """``value`` formatted in the zone of ``source``, with the zone's abbreviation when ``label`` (default: when
    several zones are in use). ``fmt`` is a Django format name or a ``date`` filter format (``"H:i"``)."""
    if value is None:
        return ""
    local = to_local(value, source)
    text = formats.date_format(local, fmt)
    if label if label is not None else several_zones():
        text = f"{text} {zone_abbreviation(local)}"
    return text


def now_local(source: Zoned) -> dt.datetime:
    return to_local(timezone.now(), source)


def today_local(source: Zoned, now: dt.datetime | None = None) -> dt.date:
    """Today's date at the facility (or the date of ``now`` there): a plant's "today", not the server's."""
    return local_date(now or timezone.now(), source)
