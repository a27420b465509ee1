"""Business operations of the laser shop: plain functions, atomic, testable without HTTP."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def shop_zone() -> ZoneInfo:
    """The shop's time zone (setting LASER_TIME_ZONE): its days, its report time, the times its pages show."""
    return ZoneInfo(settings.LASER_TIME_ZONE)


def shop_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(shop_zone()).date()


def shop_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Start and end (exclusive) of a shop calendar day, as aware datetimes (a DST day has 23 or 25 hours)."""
    zone = shop_zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end
