"""Capacity targets for planners: the list (filters, Excel export) and its Excel round trip: export the targets,
edit or add rows in Excel, import the file back (dry-run preview, all rows or none)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.imports.roundtrip import RoundTrip
from portal.imports.views import PortalImportView
from portal.lists.columns import ChoiceColumn, Column
from portal.lists.views import PortalListView
from portal.roles import EDIT_CAPACITY_TARGETS, VIEW_PLANNING

from ..filters import CapacityTargetFilter
from ..models import CapacityTarget
from ..resources import CapacityTargetResource


class CapacityTargetListView(PortalListView):
    permission_required = VIEW_PLANNING
    title = _("Capacity targets")
    intro = _("Units a line, or every machine of a type together, should make per day, week or month from a date "
              "on; the utilization page measures the plan against the newest target in force.")
    template_name = "planning/capacity_list.html"
    filterset_class = CapacityTargetFilter
    default_sort = "facility.code"
    export_name = "capacity-targets"
    round_trip = RoundTrip("scheduling.planning.resources.CapacityTargetResource", "planning:capacity-import",
                           EDIT_CAPACITY_TARGETS)
    columns = (
        Column("facility.code", _("Facility"), sort="facility__code"),
        Column("line.code", _("Line"), sort="line__code"),
        Column("machine_type", _("Machine type"), sort="machine_type"),
        ChoiceColumn("period", _("Period"), sort="period", choices=CapacityTarget.Period),
        Column("units", _("Target units"), kind="int", sort="units"),
        Column("valid_from", _("In force from"), kind="date", sort="valid_from"),
        Column("note", _("Note")),
    )

    def get_queryset(self) -> QuerySet:
        return CapacityTarget.objects.select_related("facility", "line", "line__facility")

    def get_extra_context(self) -> dict:
        return {"tab": "capacity"}


class CapacityTargetImportView(PortalImportView):
    permission_required = EDIT_CAPACITY_TARGETS
    resource_class = CapacityTargetResource
    title = _("Import capacity targets")
    intro = _("Export the targets for the Excel round trip, edit or add rows (a line as FACILITY/LINE, or a machine "
              "type; period day, week or month) and import the same file. Nothing is written before you confirm "
              "the preview, and then every row or none.")
    success_url_name = "planning:capacity"
