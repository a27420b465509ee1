"""The balance report: IN, OUT and IN - OUT per work center and order over the filtered movements."""

from __future__ import annotations

from django.db.models import Count, F, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from portal.lists.columns import Column, LocalDateTimeColumn
from portal.lists.views import PortalListView

from ..filters import MovementFilter
from ..models import Movement
from ..services import lines_for_user

IN_QTY = Sum("quantity", filter=Q(direction=Movement.Direction.IN), default=0)
OUT_QTY = Sum("quantity", filter=Q(direction=Movement.Direction.OUT), default=0)


def scoped_movements(user):
    return Movement.objects.filter(line__in=lines_for_user(user))


class BalanceReportView(PortalListView):
    permission_required = "production.view_balance_report"
    title = _("Production balance report")
    intro = _("Balance = IN - OUT of the movements that match the filters (all dates: the current balance). "
              "Corrections count as the movements they are (a reversed OUT is an IN). Times in each work "
              "center's plant time zone.")
    filterset_class = MovementFilter
    default_sort = "line__code"
    tiebreak = "order__number"  # a grouped row has no id; work center + order is unique
    template_name = "production/report.html"
    results_template_name = "production/partials/results.html"  # the list and its totals
    export_name = "production-balances"
    columns = (
        Column("line__code", _("Work center"), sort="line__code"),
        Column("line__facility__code", _("Facility"), sort="line__facility__code"),
        Column("order__number", _("Order"), sort="order__number"),
        Column("order__erp_job", _("ERP job"), sort="order__erp_job"),
        Column("qty_in", _("IN"), kind="int", sort="qty_in"),
        Column("qty_out", _("OUT"), kind="int", sort="qty_out"),
        Column("net", _("Balance"), kind="int", sort="net"),
        Column("movements", _("Movements"), kind="int", sort="movements"),
        LocalDateTimeColumn("last_at", _("Last movement"), sort="last_at", zone="line__facility__time_zone"),
    )

    def get_queryset(self):
        return self.aggregate(scoped_movements(self.request.user))

    @staticmethod
    def aggregate(movements):
        return (movements.values("line__code", "line__facility__code", "line__facility__time_zone", "order__number",
                                  "order__erp_job")
                .annotate(qty_in=IN_QTY, qty_out=OUT_QTY, net=F("qty_in") - F("qty_out"), movements=Count("pk"),
                          last_at=Max("at")))

    def get_extra_context(self) -> dict:
        filterset = self.filterset_class(self.request.GET or None, queryset=scoped_movements(self.request.user),
                                         request=self.request)
        rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else Movement.objects.none()
        totals = rows.aggregate(qty_in=IN_QTY, qty_out=OUT_QTY)
        totals["net"] = (totals["qty_in"] or 0) - (totals["qty_out"] or 0)
        return {**super().get_extra_context(), "totals": totals}
