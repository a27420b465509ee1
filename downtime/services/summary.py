"""Totals of downtime events, aggregated in the database (a year of events is a handful of GROUP BYs)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from downtime.models import Category, DowntimeEvent
from downtime.models.config import SEGMENT
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
    level: int = 1  # the category level the Pareto rolls up to (1 = top)

    @property
    def hours(self) -> float:
        return self.minutes / 60


def _grouped(cells: list[dict], key: str) -> list[dict]:
    totals: dict = defaultdict(lambda: {"events": 0, "minutes": 0})
    for cell in cells:
        totals[cell[key]]["events"] += cell["events"]
        totals[cell[key]]["minutes"] += cell["minutes"]
    return sorted(({key: k, **v} for k, v in totals.items()), key=lambda r: (-r["minutes"], str(r[key])))


def deepest_level() -> int:
    """The deepest level of the reason tree (1 when it has none): the range of the Pareto's level selector."""
    return Category.objects.order_by("-depth").values_list("depth", flat=True).first() or 1


class CategoryNames:
    """Full names ("Mechanical › Conveyor › Belt slip") of categories by stored path, read in one query; the
    name of a category's ancestor at a level is then a string slice away (the Pareto, the export's column)."""

    def __init__(self) -> None:
        self.by_path = {category.path: category for category in Category.objects.only(
            "pk", "path", "name", "name_es", "colour")}

    def at_level(self, path: str, level: int) -> Category | None:
        """The category at ``level`` on the way to the category of ``path`` (itself when it is shallower)."""
        return self.by_path.get(path[:level * SEGMENT])

    def full_name(self, path: str) -> str:
        names = (self.by_path.get(path[:end]) for end in range(SEGMENT, len(path) + 1, SEGMENT))
        return " › ".join(category.localized_name for category in names if category is not None)


def summarize(events: QuerySet[DowntimeEvent], level: int = 1) -> Summary:
    """Totals and groupings of ``events`` in two scans: one GROUP BY (category, line, shift), whose rows are
    bounded by the configuration (not by the number of events) and are folded in Python, and one by day.
    Names come from the small configuration tables afterwards, so no join runs over the events.

    The Pareto rolls categories up to their ancestor at ``level`` (1 = top level); an event whose category is
    shallower counts at its own category."""
    events = events.order_by()  # no ORDER BY inside the GROUP BYs
    cells = list(events.values("category_id", "line_id", "shift_id").annotate(
        events=Count("pk"), minutes=Sum("duration_minutes"), labour=Sum(F("duration_minutes") * F("crew_size"))))
    summary = Summary(events=sum(c["events"] for c in cells), minutes=sum(c["minutes"] for c in cells),
                      labour_minutes=sum(c["labour"] or 0 for c in cells), level=max(1, level))
    if not summary.events:
        return summary

    names = CategoryNames()
    paths = {category.pk: path for path, category in names.by_path.items()}
    for cell in cells:
        rolled = names.at_level(paths[cell["category_id"]], summary.level)
        cell["rolled"] = rolled.path if rolled is not None else paths[cell["category_id"]]
    rows = _grouped(cells, "rolled")
    running = 0
    for row in rows:
        running += row["minutes"]
        category = names.by_path[row["rolled"]]
        row.update(category_id=category.pk, label=names.full_name(row.pop("rolled")), colour=category.colour,
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
