"""MTBF and MTTR per machine, aggregated in the database (one query for any number of machines).

Only corrective tickets and unplanned downtime count; preventive tickets and planned stops do not.

* failures = corrective tickets of the machine opened in the period;
* downtime = minutes of the unplanned stops (category not planned, nor its main category) linked to those
  tickets;
* MTBF (h) = (hours in the period − downtime hours) ÷ failures;
* MTTR (h) = Σ repair time of the finished ones (opened → finished) ÷ their number.

Over a chosen period (default the last DEFAULT_DAYS days, not the whole history). With fewer than MIN_FAILURES
failures in it MTBF is None ("Not enough failures"): one ticket in a year is not a mean time between failures of
8,760 h. MTTR is None when nothing was repaired.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, FloatField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from downtime.models import Category
from maintenance.models import DowntimeLink, Ticket
from portal.models import Machine

CORRECTIVE = Ticket.Kind.CORRECTIVE
MIN_FAILURES = 2  # one failure has no "between"
DEFAULT_DAYS = 90
PERIOD_DAYS = (30, 90, 180, 365)  # the pages' period selector


def _scalar(queryset: QuerySet, group: str, expression) -> Subquery:
    return Subquery(queryset.values(group).annotate(v=expression).values("v")[:1], output_field=IntegerField())


def unplanned_links() -> QuerySet:
    # planned anywhere up the category tree: not a failure
    return DowntimeLink.objects.exclude(event__category__in=Category.objects.planned())


def with_reliability(machines: QuerySet, start: dt.datetime, end: dt.datetime) -> QuerySet:
    """``machines`` annotated with failures, repaired, repair_minutes, downtime_minutes, mtbf_hours, mttr_hours
    for corrective tickets opened in ``[start, end)`` (mtbf None with fewer than MIN_FAILURES failures, mttr None
    without a repair)."""
    tickets = Ticket.objects.filter(machine=OuterRef("pk"), kind=CORRECTIVE, opened_at__gte=start, opened_at__lt=end)
    links = unplanned_links().filter(ticket__machine=OuterRef("pk"), ticket__kind=CORRECTIVE,
                                     ticket__opened_at__gte=start, ticket__opened_at__lt=end)
    hours = (end - start).total_seconds() / 3600
    return machines.annotate(
        failures=Coalesce(_scalar(tickets, "machine", Count("pk")), 0),
        repaired=Coalesce(_scalar(tickets.filter(repair_minutes__isnull=False), "machine", Count("pk")), 0),
        repair_minutes=Coalesce(_scalar(tickets, "machine", Sum("repair_minutes")), 0),
        downtime_minutes=Coalesce(_scalar(links, "ticket__machine", Sum("event__duration_minutes")), 0),
    ).annotate(
        mtbf_hours=Case(When(failures__gte=MIN_FAILURES, then=(
            Value(hours) - Cast(F("downtime_minutes"), FloatField()) / Value(60.0))
            / Cast(NullIf(F("failures"), 0), FloatField())), default=None, output_field=FloatField()),
        mttr_hours=Cast(F("repair_minutes"), FloatField()) / Value(60.0)
        / Cast(NullIf(F("repaired"), 0), FloatField()),
    )


def machine_reliability(machine: Machine, start: dt.datetime, end: dt.datetime) -> Machine:
    return with_reliability(Machine.objects.filter(pk=machine.pk), start, end).get()


def default_period(now: dt.datetime, days: int = DEFAULT_DAYS) -> tuple[dt.datetime, dt.datetime]:
    return now - dt.timedelta(days=days), now


__all__ = ["DEFAULT_DAYS", "MIN_FAILURES", "PERIOD_DAYS", "default_period", "machine_reliability", "unplanned_links",
           "with_reliability"]
