"""The scheduling grid page, its summary cards (htmx partial) and the Excel export of the filtered grid.

The page is a ``PortalListView`` (filters, sorting, pagination, export) with its own template and script for the
editable cells. Saves go to the REST endpoint (``scheduling.api``), which applies the same permission.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.access import capability_required
from portal.imports.roundtrip import round_trip_response
from portal.imports.views import PortalImportView
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import UPDATE_SCHEDULING, VIEW_SCHEDULING

from .columns import GRID_COLUMNS
from .filters import GridFilter, business_unit_choices, facility_choices
from .rendering import grid_rows_html
from .resources import ProjectionResource
from .services import grid, preferences
from .services.summary import schedule_summary


class ScheduleGridView(PortalListView):
    permission_required = VIEW_SCHEDULING
    title = _("Production scheduling")
    intro = _("Open sales-order lines from the ERP with the planners' projections. Open qty = ordered − shipped; "
              "dollar columns = quantity × unit price.")
    template_name = "scheduling/grid.html"
    results_template_name = "scheduling/partials/grid_results.html"
    filterset_class = GridFilter
    columns = GRID_COLUMNS
    default_sort = "due_date"
    tiebreak = "id"
    paginate_by = 100
    page_sizes = (50, 100, 250, 500)
    export_name = "production-schedule"

    def get_queryset(self) -> QuerySet:
        return grid.open_lines()

    def render_page(self, queryset: QuerySet, columns: Sequence[Column]):
        page = self.paginate(queryset)
        lines = grid.attach_projections(page.object_list)  # one portal query for the whole page
        today = timezone.localdate()
        hidden = set(preferences.hidden_columns(self.request.user))
        can_edit = self.request.user.has_perm(UPDATE_SCHEDULING)
        context = {
            **self.page_context(page, columns),
            "column_states": [(c, c.key in hidden) for c in columns],
            "hidden_columns": sorted(hidden),
            "rows_html": grid_rows_html(lines, columns, today, can_edit),
            "row_count": len(lines),
            "lines": lines,
            "can_edit": can_edit,
            "summary_query": self._summary_query(),
        }
        if not getattr(self.request, "htmx", False):
            context["summary"] = schedule_summary(today, *self._summary_scope())
        template = self.results_template_name if getattr(self.request, "htmx", False) else self.template_name
        return render(self.request, template, context)

    def _summary_scope(self) -> tuple[str, str]:
        data = self.filterset.form.cleaned_data if self.filterset.is_bound and self.filterset.is_valid() else {}
        return data.get("facility") or "", data.get("business_unit") or ""

    def _summary_query(self) -> str:
        facility, unit = self._summary_scope()
        return urlencode([(k, v) for k, v in (("facility", facility), ("business_unit", unit)) if v])

    def export_rows(self, queryset: QuerySet, columns: Sequence[Column]) -> tuple[Iterable, bool]:
        # Projections come from the portal database: attach them per chunk (one query per 2,000 lines).
        def rows():
            for chunk in grid.chunked(queryset.iterator(chunk_size=2000)):
                yield from grid.attach_projections(chunk)

        return rows(), False


@capability_required(VIEW_SCHEDULING)
def summary_cards(request):
    """The summary cards alone (htmx: refreshed after a save or when the facility / business unit changes)."""
    facility = request.GET.get("facility", "")
    unit = request.GET.get("business_unit", "")
    # Only known codes narrow the figures; anything else is the whole plant, never an error.
    facility = facility if facility in {code for code, _label in facility_choices()} else ""
    unit = unit if unit in {code for code, _label in business_unit_choices()} else ""
    summary = schedule_summary(timezone.localdate(), facility, unit)
    return render(request, "scheduling/partials/summary.html", {"summary": summary})


class ProjectionImportView(PortalImportView):
    """Import the projections workbook back (dry-run preview, then all rows or none; conflict-safe as the grid)."""

    permission_required = UPDATE_SCHEDULING
    resource_class = ProjectionResource
    title = _("Import projections")
    intro = _("Export the projections, edit the No/Low-risk and High-risk quantities in Excel and import the same "
              "file. Nothing is written before you confirm the preview; a line another planner changed since your "
              "export is refused, not overwritten.")
    success_url_name = "scheduling:grid"


@capability_required(VIEW_SCHEDULING)
def projections_export(request):
    """Every open line with its projection and the version seen, as the import reads it back (streamed by the
    core's round-trip writer)."""
    return round_trip_response(ProjectionResource(), ProjectionResource.rows(), title=_("Projections"),
                               name="projections")
