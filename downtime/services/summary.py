"""Totals of downtime events, aggregated in the database (a year of events is a handful of GROUP BYs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from downtime.models import DowntimeEvent
from portal.models import ProductionLine
from portal.services.shifts import shift_at


@dataclass
class Summary:
    events: int = 0
    minutes: int = 0
    labour_minutes: int = 0
    by_category: list[dict] = field(default_factory=list)  # Pareto order, with cumulative share
    by_line: list[dict] = field(default_factory=list)
    by_shift: list[dict] = field(default_factory=list)
    by_day: list[dict] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return self.minutes / 60


def _totals(events: QuerySet) -> dict:
    return events.aggregate(events=Count("pk"), minutes=Sum("duration_minutes"),
                            labour_minutes=Sum(F("duration_minutes") * F("crew_size")))


def summarize(events: QuerySet[DowntimeEvent]) -> Summary:
    events = events.order_by()  # no ORDER BY inside the GROUP BYs
    totals = _totals(events)
    summary = Summary(events=totals["events"] or 0, minutes=totals["minutes"] or 0,
                      labour_minutes=totals["labour_minutes"] or 0)
    grouped = {"events": Count("pk"), "minutes": Sum("duration_minutes")}
    rows = list(events.values("category_id", "category__name", "category__parent__name", "category__colour")
                .annotate(**grouped).order_by("-minutes", "category__name"))
    running = 0
    for row in rows:
        running += row["minutes"]
        parent = row["category__parent__name"]
        row["label"] = f"{parent} › {row['category__name']}" if parent else row["category__name"]
        row["colour"] = row["category__colour"]
        row["share"] = 100 * row["minutes"] / summary.minutes if summary.minutes else 0
        row["cumulative"] = 100 * running / summary.minutes if summary.minutes else 0
    summary.by_category = rows
    summary.by_line = list(events.values("line_id", "line__code", "line__name", "line__facility__code")
                           .annotate(**grouped).order_by("-minutes", "line__code"))
    summary.by_shift = list(events.values("shift_id", "shift__name", "shift__facility__code")
                            .annotate(**grouped).order_by("-minutes", "shift__name"))
    summary.by_day = list(events.values("production_date").annotate(**grouped).order_by("production_date"))
    return summary


def current_production_date(line: ProductionLine, now: dt.datetime | None = None) -> dt.date:
    """The production date running now on the line's facility (the night shift's date after midnight)."""
    now = now or timezone.now()
    occurrence = shift_at(line.facility, now)
    return occurrence.production_date if occurrence else timezone.localtime(now, line.facility.tzinfo).date()


def todays_events(line: ProductionLine) -> QuerySet[DowntimeEvent]:
    return (DowntimeEvent.objects.filter(line=line, production_date=current_production_date(line))
            .select_related("category__parent", "shift", "created_by").order_by("start", "pk"))
