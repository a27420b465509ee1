"""User activity for the admins' user management: sign-ins in a period, last sign-in, last recorded action."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import LoginEvent

PERIODS = (7, 30, 90, 365)  # days offered by the page; the default is 30
DEFAULT_PERIOD = 30


def period_days(raw: str | None) -> int:
    try:
        days = int(raw or DEFAULT_PERIOD)
    except ValueError:
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


def with_activity(users: QuerySet, days: int, now: dt.datetime | None = None) -> QuerySet:
    """``users`` annotated with ``logins`` (successful sign-ins in the last ``days`` days), ``failed_logins`` (in
    the same period) and ``last_action`` (time of their latest audited change). Subqueries, so the row count and the
    query count stay the same whatever the volume of history."""
    since = (now or timezone.now()) - dt.timedelta(days=days)

    def count(outcome: str):
        rows = (LoginEvent.objects.filter(user=OuterRef("pk"), outcome=outcome, created_at__gte=since)
                .order_by().values("user").annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    last_action = (LogEntry.objects.filter(actor=OuterRef("pk")).order_by("-timestamp").values("timestamp")[:1])
    return users.annotate(logins=count(LoginEvent.Outcome.SUCCESS), failed_logins=count(LoginEvent.Outcome.FAILED),
                          last_action=Subquery(last_action))


def activity(days: int, now: dt.datetime | None = None) -> QuerySet:
    return with_activity(get_user_model().objects.prefetch_related("groups"), days, now)
