"""What the planning pages share: the facility being planned and reading local dates/times in its zone."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from portal.models import Facility
from portal.services import localtime


def current_facility(request) -> Facility:
    """The facility of ``?facility=CODE``, else the first active one (a plant usually plans one facility)."""
    facilities = Facility.objects.filter(active=True)
    code = request.GET.get("facility") or request.POST.get("facility")
    facility = facilities.filter(code=code).first() if code else facilities.first()
    if facility is None:
        raise Http404("No facility")
    return facility


def parse_day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def parse_local(value: str, facility: Facility) -> dt.datetime | None:
    """A ``datetime-local`` value (or ISO with offset) read in the facility's zone; None when unreadable.

    Raises ``localtime.NonexistentLocalTime`` for a time skipped by the spring clock change."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        return None
    return localtime.make_aware(moment, facility)
