"""The downtime summary report: filters, totals by category (Pareto), line, shift and day, the events, Excel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from downtime.filters import DowntimeSummaryFilter
from downtime.services.summary import CategoryNames, scoped_events, summarize
from portal.lists.columns import Column, LocalDateTimeColumn, TranslatedColumn
from portal.lists.filters import usable
from portal.lists.views import PortalListView
from portal.roles import VIEW_REPORTS


@dataclass(frozen=True)
class ReasonAtLevelColumn(Column):
    """The full name of an event's category rolled up to ``level`` (its own when shallower), from the stored
    path: no query per row, and the fast export reads the path as a plain value."""

    names: CategoryNames | None = None
    level: int = 1

    def value(self, row: Any) -> Any:
        return self.prepare(row.category.path)

    @property
    def prepares(self) -> bool:
        return True

    def prepare(self, value: Any, *extra: Any) -> Any:
        category = self.names.at_level(value or "", self.level)
        return self.names.full_name(category.path) if category is not None else ""


def chart_data(summary) -> dict:
    return {
        "pareto": {
            "labels": [row["label"] for row in summary.by_category],
            "hours": [round(row["minutes"] / 60, 2) for row in summary.by_category],
            "cumulative": [round(row["cumulative"], 1) for row in summary.by_category],
            "colours": [row["colour"] for row in summary.by_category],
        },
        # Seed 001: charts by category and by line. Same filtered events; lines with most downtime first.
        "lines": {
            "labels": [f"{row['line__facility__code']} / {row['line__code']}" for row in summary.by_line],
            "hours": [round(row["minutes"] / 60, 2) for row in summary.by_line],
        },
        "trend": {
            "labels": [row["production_date"].isoformat() for row in summary.by_day],
            "hours": [round(row["minutes"] / 60, 2) for row in summary.by_day],
        },
    }


class DowntimeSummaryView(PortalListView):
    permission_required = VIEW_REPORTS
    title = gettext_lazy("Downtime summary")
    intro = gettext_lazy(
        "Downtime of the filtered events: hours = sum of the stops' minutes ÷ 60; labour hours = minutes × crew "
        "size ÷ 60. Days are production dates (a night shift counts on the date it started)."
    )
    filterset_class = DowntimeSummaryFilter
    default_sort = "-production_date"
    tiebreak = "-pk"
    export_name = "downtime-events"
    template_name = "downtime/summary.html"
    results_template_name = "downtime/partials/summary_results.html"
    columns = (
        Column("production_date", gettext_lazy("Production date"), kind="date", sort="production_date"),
        LocalDateTimeColumn("start", gettext_lazy("Start"), sort="start", zone="line.facility"),
        LocalDateTimeColumn("end", gettext_lazy("End"), sort="end", zone="line.facility"),
        Column("duration_minutes", gettext_lazy("Minutes"), kind="int", sort="duration_minutes"),
        Column("crew_size", gettext_lazy("Crew"), kind="int", sort="crew_size"),
        Column("line.facility.code", gettext_lazy("Facility"), sort="line__facility__code", width=10),
        Column("line.code", gettext_lazy("Line"), sort="line__code", width=10, css="text-nowrap"),
        TranslatedColumn("shift.name", gettext_lazy("Shift"), sort="shift__name", width=12),
        Column("category.path", gettext_lazy("Category at level 1"), width=24),  # replaced per request
        TranslatedColumn("category.name", gettext_lazy("Category"), sort="category__name", width=20),
        Column("job_number", gettext_lazy("Job"), sort="job_number", width=12, css="text-nowrap"),
        Column("part_number", gettext_lazy("Part"), sort="part_number", width=16, css="text-nowrap"),
        Column("comments", gettext_lazy("Comments"), width=40),
        Column("created_by.username", gettext_lazy("Recorded by"), sort="created_by__username", width=14),
    )

    def get_queryset(self):
        return scoped_events(self.request.user).select_related(
            "line__facility", "shift", "category", "created_by")

    def get_extra_context(self) -> dict:
        events = self.filterset.qs if usable(self.filterset) else self.filterset.queryset.none()
        summary = summarize(events, level=self.filterset.pareto_level)
        return {"summary": summary, "charts": chart_data(summary)}

    def get_columns(self):
        # the export and the table name each event's reason at the chosen level beside the reason itself
        names = CategoryNames()
        level = self.filterset.pareto_level
        columns = list(self.columns)
        at = next(i for i, column in enumerate(columns) if column.key == "category.path")
        columns[at] = ReasonAtLevelColumn("category.path", _("Category at level %(level)s") % {"level": level},
                                          width=24, names=names, level=level)
        return columns
