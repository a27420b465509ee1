"""Business operations of the laser shop: plain functions, atomic, testable without HTTP."""

from __future__ import annotations

import datetime as dt

from portal.services.localtime import today_local, zone_of


def shop_zone() -> dt.tzinfo:
    """The shop's time zone: its facility's (the facility of the shop's line, ``runs.shop_line``), like every plant;
    the portal's before the shop is set up. Its days, its report time and the times its pages show."""
    from .runs import shop_line

    line = shop_line()
    return zone_of(line.facility if line else None)


def shop_today(now: dt.datetime | None = None) -> dt.date:
    return today_local(shop_zone(), now)


def shop_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Start and end (exclusive) of a shop calendar day, as aware datetimes (a DST day has 23 or 25 hours)."""
    zone = shop_zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end
