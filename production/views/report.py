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
from portal.roles import PRODUCTION_REPORT
from portal.services.scoping import scope_to_lines

from ..filters import BalanceFilter, MovementFilter
from ..models import Movement

IN_QTY = Sum("quantity", filter=Q(direction=Movement.Direction.IN), default=0)
OUT_QTY = Sum("quantity", filter=Q(direction=Movement.Direction.OUT), default=0)

FIGURES = (
    Column("qty_in", _("IN"), kind="int", sort="qty_in"),
    Column("qty_out", _("OUT"), kind="int", sort="qty_out"),
    Column("net", _("Balance"), kind="int", sort="net"),
    Column("movements", _("Movements"), kind="int", sort="movements"),
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
    "line_order": Grouping(
        ("line_id", "line__code", "line__facility__code", "line__facility__time_zone", "order__number",
         "order__erp_job"),
        (Column("line__code", _("Work center"), sort="line__code"),
         Column("line__facility__code", _("Facility"), sort="line__facility__code"),
         Column("order__number", _("Order"), sort="order__number", link=lambda row: _movements_url(row)),
         Column("order__erp_job", _("ERP job"), sort="order__erp_job"),
         *FIGURES,
         LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at", zone="line__facility__time_zone")),
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


def aggregate(movements, grouping: str = "line_order"):
    """The report's rows: one per group of the movements, with IN, OUT, IN - OUT, counts and the last time."""
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
    intro = _("Balance = IN - OUT of the movements that match the filters (all dates: the current balance). "
              "Corrections count as the movements they are (a reversed OUT is an IN). Dates are each work "
              "center's plant dates; times in its plant's time zone.")
    filterset_class = BalanceFilter
    default_sort = GROUPINGS["line_order"].default_sort
    tiebreak = GROUPINGS["line_order"].tiebreak  # a grouped row has no id; its group fields are unique
    template_name = "production/report.html"
    results_template_name = "production/partials/results.html"  # the list and its totals
    export_name = "production-balances"
    columns = GROUPINGS["line_order"].columns

    def get(self, request, *args, **kwargs):
        self.grouping = request.GET.get("group") if request.GET.get("group") in GROUPINGS else "line_order"
        group = GROUPINGS[self.grouping]
        self.columns, self.tiebreak, self.default_sort = group.columns, group.tiebreak, group.default_sort
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Filters apply to the movements (WHERE) before they are grouped: the grouped fields are single-valued.
        return aggregate(scoped_movements(self.request.user), self.grouping)

    def get_extra_context(self) -> dict:
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
