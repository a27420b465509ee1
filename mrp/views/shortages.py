"""Purchasing shortage report: component shortfalls of the latest run, by urgency, customer and text.

A list page of the core (filters, pagination, Excel export) whose rows are the run's shortage lines, filtered,
then summed per component (``reports.summarize_shortages``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mrp import reports
from mrp.filters import ShortageFilter
from mrp.models import MrpShortage
from mrp.services import latest_run
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import SHORTAGE_REPORT

COLUMNS = (
    Column("component", _("Component"), width=16),
    Column("description", _("Description"), width=34),
    Column("uom", _("UoM"), width=6),
    Column("on_hand", _("On hand"), kind="decimal"),
    Column("open_po", _("Open PO qty"), kind="decimal"),
    Column("shortfall", _("Total shortfall"), kind="decimal"),
    Column("earliest_due", _("Earliest due"), kind="date"),
    Column("lines", _("Lines"), kind="int"),
    Column("customers_text", _("Customers"), width=40),
    Column("so_text", _("Sales orders"), width=40),
)


class ShortageReportView(PortalListView):
    permission_required = SHORTAGE_REPORT
    title = _("Purchasing shortage report")
    template_name = "mrp/shortages.html"
    results_template_name = "mrp/partials/shortage_results.html"
    results_id = "shortage-results"
    filterset_class = ShortageFilter
    columns = COLUMNS
    tiebreak = "pk"  # the lines are read in a stable order; the summary orders its rows (earliest due, shortfall)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.run = latest_run()

    def get_queryset(self):
        if self.run is None:
            return MrpShortage.objects.none()
        return MrpShortage.objects.filter(run=self.run)

    def get_rows(self, queryset) -> list[reports.ShortageRow]:
        if self.run is None:
            return []
        return reports.summarize_shortages(self.run, queryset, self.filterset.search_text())

    def build_rows(self, objects, columns):
        return list(objects)  # the page's template reads the summaries themselves

    def get_extra_context(self) -> dict:
        return {"form": self.filterset.form, "run": self.run}
