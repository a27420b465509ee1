"""The balance report: IN, OUT and IN - OUT of the filtered movements, grouped by work center and order (the
balances), or by work center, order, department or user (``?group=``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.lists.columns import ChoiceColumn, Column, LocalDateTimeColumn
from portal.lists.views import PortalListView
from portal.lists.xlsx import ExportChart
from portal.roles import PRODUCTION_REPORT
from portal.services.scoping import scope_to_lines

from ..filters import PERIOD_GROUPING, BalanceFilter, MovementFilter
from ..models import Movement
from ..services.balances import GROUP_FIELDS, period_balances, period_totals

IN_QTY = Sum("quantity", filter=Q(direction=Movement.Direction.IN), default=0)
OUT_QTY = Sum("quantity", filter=Q(direction=Movement.Direction.OUT), default=0)

FIGURES = (
    Column("qty_in", _("IN"), kind="int", sort="qty_in", total=True),
    Column("qty_out", _("OUT"), kind="int", sort="qty_out", total=True),
    Column("net", _("Balance"), kind="int", sort="net", total=True),
    Column("movements", _("Movements"), kind="int", sort="movements", total=True),
)


def _movements_url(row: dict) -> str:
    query = urlencode({"order": row["order__number"], "line": row["line_id"]})
    return f"{reverse('production:movements')}?{query}"


@dataclass(frozen=True)
class Grouping:
    """What one report row stands for: the fields it groups by, its leading columns and its unique order."""

    fields: tuple[str, ...]
    columns: tuple[Column, ...]
    tiebreak: str
    default_sort: str


GROUPINGS: dict[str, Grouping] = {
    # balances over the period (production.services.balances): opening, IN, OUT, closing
    "line_order": Grouping(
        GROUP_FIELDS,
        (Column("line__code", _("Work center"), sort="line__code"),
         Column("line__facility__code", _("Facility"), sort="line__facility__code"),
         Column("order__number", _("Order"), sort="order__number", link=lambda row: _movements_url(row)),
         Column("order__erp_job", _("ERP job"), sort="order__erp_job"),
         Column("opening", _("Opening balance"), kind="int", sort="opening", total=True),
         Column("qty_in", _("IN"), kind="int", sort="qty_in", total=True),
         Column("qty_out", _("OUT"), kind="int", sort="qty_out", total=True),
         Column("closing", _("Closing balance"), kind="int", sort="closing", total=True),
         Column("movements", _("Movements"), kind="int", sort="movements", total=True),
         LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at", zone="line__facility__time_zone"),
         Column("last_user", _("Last movement by"), sort="last_user"),
         Column("last_department", _("Department"), sort="last_department")),
        "order__number", "line__code"),
    "line": Grouping(
        ("line__code", "line__name", "line__facility__code", "line__facility__time_zone"),
        (Column("line__code", _("Work center"), sort="line__code"),
         Column("line__name", _("Name"), sort="line__name"),
         Column("line__facility__code", _("Facility"), sort="line__facility__code"),
         *FIGURES,
         Column("orders", _("Orders"), kind="int", sort="orders"),
         LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at", zone="line__facility__time_zone")),
        "line__facility__code", "line__code"),
    "order": Grouping(
        ("order__number", "order__erp_job"),
        (Column("order__number", _("Order"), sort="order__number"),
         Column("order__erp_job", _("ERP job"), sort="order__erp_job"),
         *FIGURES,
         Column("work_centers", _("Work centers"), kind="int", sort="work_centers"),
         LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at")),
        "order__erp_job", "order__number"),
    # A work center in two departments counts in both: each department's row is its own total.
    "department": Grouping(
        ("line__departments__name",),
        (Column("line__departments__name", _("Department"), sort="line__departments__name"),
         *FIGURES,
         Column("orders", _("Orders"), kind="int", sort="orders"),
         LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at")),
        "movements", "line__departments__name"),
    "user": Grouping(
        ("user__username", "user__first_name", "user__last_name"),
        (Column("user__username", _("Recorded by"), sort="user__username"),
         Column("user_name", _("Name"), getter=lambda row: f"{row['user__first_name']} {row['user__last_name']}"
                .strip()),
         *FIGURES,
         Column("orders", _("Orders"), kind="int", sort="orders"),
         LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at")),
        "user__last_name", "user__username"),
}


def scoped_movements(user):
    """The movements the user may read: those of their work centers, deactivated ones included (a retired work
    center keeps its history in the reports)."""
    return scope_to_lines(Movement.objects.all(), user)


def aggregate(movements, grouping: str = "line_order", period: tuple = (None, None)):
    """The report's rows: one per group of the movements, with IN, OUT, IN - OUT, counts and the last time; per
    work center and order, the balances over ``period`` (first, last plant dates)."""
    if grouping == PERIOD_GROUPING:
        return period_balances(movements, *period)
    group = GROUPINGS[grouping]
    extra = {}
    if "orders" in {c.key for c in group.columns}:
        extra["orders"] = Count("order", distinct=True)
    if grouping == "order":
        extra["work_centers"] = Count("line", distinct=True)
    return (movements.values(*group.fields)
            .annotate(qty_in=IN_QTY, qty_out=OUT_QTY, net=F("qty_in") - F("qty_out"), movements=Count("pk"),
                      last_at=Max("at"), **extra))


class BalanceReportView(PortalListView):
    permission_required = PRODUCTION_REPORT
    title = _("Production balance report")
    intro = _("Per work center and order: the opening balance before the first date, IN and OUT of the dates, "
              "and the closing balance after the last (no dates: the whole history, the current balance). By "
              "work center, order, department or user: IN, OUT and IN - OUT of the movements of the dates. "
              "Corrections count as the movements they are (a reversed OUT is an IN). Dates are each work "
              "center's plant dates; times in its plant's time zone.")
    filterset_class = BalanceFilter
    default_sort = GROUPINGS["line_order"].default_sort
    tiebreak = GROUPINGS["line_order"].tiebreak  # a grouped row has no id; its group fields are unique
    template_name = "production/report.html"
    results_template_name = "production/partials/results.html"  # the list and its totals
    export_name = "production-balances"
    export_formats = ("xlsx", "csv")
    export_totals = True
    export_zone_in_header = True
    columns = GROUPINGS["line_order"].columns

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.grouping = request.GET.get("group") if request.GET.get("group") in GROUPINGS else "line_order"
        group = GROUPINGS[self.grouping]
        self.columns, self.tiebreak, self.default_sort = group.columns, group.tiebreak, group.default_sort

    @property
    def export_chart(self) -> ExportChart:
        if self.grouping == PERIOD_GROUPING:
            return ExportChart(_("Closing balance by order and work center"), "order__number",
                               ("opening", "qty_in", "qty_out", "closing"), sheet_name=_("Chart"))
        return ExportChart(_("IN and OUT"), self.columns[0].key, ("qty_in", "qty_out"), sheet_name=_("Chart"))

    def get_queryset(self):
        # Filters apply to the movements (WHERE) before they are grouped in ``summarise``.
        return scoped_movements(self.request.user)

    def summarise(self, queryset):
        return aggregate(queryset, self.grouping, self.filterset.period())

    def get_extra_context(self) -> dict:
        if self.grouping == PERIOD_GROUPING:
            rows, _columns = self.filtered_rows()
            return {**super().get_extra_context(), "totals": period_totals(rows), "period": True}
        filterset = MovementFilter(self.request.GET or None, queryset=scoped_movements(self.request.user),
                                   request=self.request)
        rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else Movement.objects.none()
        totals = rows.aggregate(qty_in=IN_QTY, qty_out=OUT_QTY)
        totals["net"] = (totals["qty_in"] or 0) - (totals["qty_out"] or 0)
        return {**super().get_extra_context(), "totals": totals}

    def export_filename(self) -> str:
        name = super().export_filename()
        return name if self.grouping == "line_order" else name.replace("production-balances", f"production-by-"
                                                                                             f"{self.grouping}")


class MovementListView(PortalListView):
    """The ledger itself: every movement at the user's work centers, who and when, overrides and corrections."""

    permission_required = PRODUCTION_REPORT
    title = _("Production movements")
    intro = _("The ledger is never edited: a mistake is corrected by a reversing movement with its reason. Times in "
              "each work center's plant time zone.")
    filterset_class = MovementFilter
    default_sort = "-at"
    tiebreak = "-pk"
    export_name = "production-movements"
    columns = (
        LocalDateTimeColumn("at", _("When"), sort="at", zone="line.facility"),
        Column("line.code", _("Work center"), sort="line__code"),
        Column("order.number", _("Order"), sort="order__number"),
        ChoiceColumn("direction", _("Direction"), sort="direction", choices=Movement.Direction),
        Column("quantity", _("Quantity"), kind="int", sort="quantity"),
        ChoiceColumn("kind", _("Kind"), sort="kind", choices=Movement.Kind),
        Column("reason", _("Reason")),
        Column("reverses_id", _("Reverses movement"), kind="int"),
        Column("erp_job", _("ERP job"), sort="erp_job"),
        Column("user.username", _("Recorded by"), sort="user__username"),
        Column("pk", _("Movement"), kind="int", sort="pk"),
    )

    def get_queryset(self):
        return scoped_movements(self.request.user).select_related("order", "line__facility", "user")
