"""Times a floor write carries (a stop's start, a movement's moment, a run's end) bounded to a plausible window.

A tablet's clock may be a few minutes off, and a supervisor may back-enter last month's stops; a time years in
the past or tomorrow is a typing slip that would spoil every report (and year 1 overflows in any time zone). The
window: from ``FLOOR_BACKDATE_DAYS`` ago (366 by default) to ``FLOOR_CLOCK_SKEW_MINUTES`` ahead (5). The
facility's creation date in the portal is not used: plants are configured after they started running.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.commands import Invalid


def backdate_limit() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "FLOOR_BACKDATE_DAYS", 366))


def clock_skew() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "FLOOR_CLOCK_SKEW_MINUTES", 5))


def check_floor_time(moment: dt.datetime | None, *, field: str = "at", now: dt.datetime | None = None) -> None:
    """Refuse (400 on ``field``) a time without a zone, before the back-entry window or in the future."""
    if moment is None:
        return
    if timezone.is_naive(moment):
        raise Invalid(_("The time must include its time zone."), field=field)
    now = now or timezone.now()
    if moment > now + clock_skew():
        raise Invalid(_("The time cannot be in the future."), field=field)
    if moment < now - backdate_limit():
        raise Invalid(_("The time is more than %(days)s days ago: check the date.")
                      % {"days": backdate_limit().days}, field=field)
