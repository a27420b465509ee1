"""Totals of downtime events, aggregated in the database (a year of events is a handful of GROUP BYs)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from downtime.models import Category, DowntimeEvent
from portal.models import ProductionLine, Shift
from portal.services import localtime
from portal.services.scoping import scope_to_lines
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


def _grouped(cells: list[dict], key: str) -> list[dict]:
    totals: dict = defaultdict(lambda: {"events": 0, "minutes": 0})
    for cell in cells:
        totals[cell[key]]["events"] += cell["events"]
        totals[cell[key]]["minutes"] += cell["minutes"]
    return sorted(({key: k, **v} for k, v in totals.items()), key=lambda r: (-r["minutes"], str(r[key])))


def summarize(events: QuerySet[DowntimeEvent]) -> Summary:
    """Totals and groupings of ``events`` in two scans: one GROUP BY (category, line, shift), whose rows are
    bounded by the configuration (not by the number of events) and are folded in Python, and one by day.
    Names come from the small configuration tables afterwards, so no join runs over the events."""
    events = events.order_by()  # no ORDER BY inside the GROUP BYs
    cells = list(events.values("category_id", "line_id", "shift_id").annotate(
        events=Count("pk"), minutes=Sum("duration_minutes"), labour=Sum(F("duration_minutes") * F("crew_size"))))
    summary = Summary(events=sum(c["events"] for c in cells), minutes=sum(c["minutes"] for c in cells),
                      labour_minutes=sum(c["labour"] or 0 for c in cells))
    if not summary.events:
        return summary

    rows = _grouped(cells, "category_id")
    categories = Category.objects.select_related("parent").in_bulk([r["category_id"] for r in rows])
    running = 0
    for row in rows:
        running += row["minutes"]
        category = categories[row["category_id"]]
        row.update(label=str(category), colour=category.colour,
                   share=100 * row["minutes"] / summary.minutes if summary.minutes else 0,
                   cumulative=100 * running / summary.minutes if summary.minutes else 0)
    summary.by_category = rows

    rows = _grouped(cells, "line_id")
    lines = ProductionLine.objects.select_related("facility").in_bulk([r["line_id"] for r in rows])
    for row in rows:
        line = lines[row["line_id"]]
        row.update(line__code=line.code, line__name=line.localized_name, line__facility__code=line.facility.code)
    summary.by_line = sorted(rows, key=lambda r: (-r["minutes"], r["line__code"]))

    rows = _grouped(cells, "shift_id")
    shifts = Shift.objects.select_related("facility").in_bulk([r["shift_id"] for r in rows if r["shift_id"]])
    for row in rows:
        shift = shifts.get(row["shift_id"])
        row.update(shift__name=shift.localized_name if shift else "",
                   shift__facility__code=shift.facility.code if shift else "")
    summary.by_shift = sorted(rows, key=lambda r: (-r["minutes"], r["shift__name"]))

    summary.by_day = list(events.values("production_date").annotate(events=Count("pk"), minutes=Sum(
        "duration_minutes")).order_by("production_date"))
    return summary


def scoped_events(user) -> QuerySet[DowntimeEvent]:
    """Events a report reader may see: those of the lines whose history they read (``history_lines_for``: fail
    closed, and a retired line keeps counting, so history stays whole)."""
    return scope_to_lines(DowntimeEvent.objects.all(), user)


def current_production_date(line: ProductionLine, now: dt.datetime | None = None) -> dt.date:
    """The production date running now on the line's facility (the night shift's date after midnight)."""
    now = now or timezone.now()
    occurrence = shift_at(line.facility, now)
    return occurrence.production_date if occurrence else localtime.today_local(line.facility, now)


def todays_events(line: ProductionLine) -> QuerySet[DowntimeEvent]:
    return (DowntimeEvent.objects.filter(line=line, production_date=current_production_date(line))
            .select_related("category__parent", "shift", "created_by").order_by("start", "pk"))
