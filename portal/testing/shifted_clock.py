"""``python -m portal.testing.shifted_clock worker|beat ...``: the ``celery`` command with its clock moved forward
by ``PORTAL_CLOCK_OFFSET`` seconds, so a test sees beat fire a daily task at its due time without waiting for it.

Moved: Django's ``timezone.now`` (django-celery-beat loads only the crontab tasks due around the current hour, and
the portal's services stamp with it), Celery's ``app.now`` (interval schedules) and django-celery-beat's crontab
clock. Not moved: ``time.monotonic`` (beat's sleeping) and Redis (lock expiry), which only measure durations.
Test helper only (portal/testing/services.py starts it when ``PORTAL_CLOCK_OFFSET`` is set).
"""

from __future__ import annotations

import datetime as dt
import os
import sys


def move_clock(offset: dt.timedelta) -> None:
    from celery.app.base import Celery
    from django.utils import timezone
    from django_celery_beat.tzcrontab import TzAwareCrontab

    real_now, real_app_now = timezone.now, Celery.now
    timezone.now = lambda: real_now() + offset
    Celery.now = lambda self: real_app_now(self) + offset
    TzAwareCrontab.nowfunc = lambda self: dt.datetime.now(self.tz) + offset


def main() -> None:
    move_clock(dt.timedelta(seconds=float(os.environ.get("PORTAL_CLOCK_OFFSET", "0"))))
    from celery.__main__ import main as celery_main

    sys.argv = ["celery", *sys.argv[1:]]
    sys.exit(celery_main())


if __name__ == "__main__":
    main()
