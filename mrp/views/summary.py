"""MRP customer summary: cards (total, on track, at risk, critical) and the customer's lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from mrp import reports
from mrp.filters import MrpLineFilter
from portal.lists.views import PortalListView
from portal.roles import UPDATE_SCHEDULING

from .dashboard import LINE_COLUMNS, RunLinesMixin, status_css


class CustomerSummaryView(RunLinesMixin, PortalListView):
    # Seed 000: Scheduling_Admin and portal admins only, i.e. exactly the holders of portal.update_scheduling.
    permission_required = UPDATE_SCHEDULING
    title = gettext_lazy("MRP customer summary")
    intro = gettext_lazy(
        "Filter by customer (code or name). On track: ready to ship, pending QC, job created or full production "
        "ready; at risk: partial ship or partial production ready; critical: critical shortage. "
        "Values are open quantity × price."
    )
    template_name = "mrp/customer_summary.html"
    results_template_name = "mrp/partials/customer_results.html"  # the cards follow an htmx filter too
    filterset_class = MrpLineFilter
    default_sort = ""  # engine order: the tiebreak (position) orders the rows
    tiebreak = "position"
    export_name = "mrp-customer"
    columns = tuple(c for c in LINE_COLUMNS if c.key not in {"customer_name"})

    def row_css(self, row) -> str:
        return status_css(row)

    def render_page(self, queryset, columns):
        self.filtered = queryset
        return super().render_page(queryset, columns)

    def get_extra_context(self) -> dict:
        return {**self.run_context(), "cards": reports.cards(self.filtered)}
