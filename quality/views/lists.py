"""The quality lists on the shared list mechanism (filters, sort, pagination, Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.access import SignedInMixin
from portal.lists.columns import ChoiceColumn, Column, LocalDateTimeColumn
from portal.lists.views import PortalListView
from portal.roles import VIEW_QUALITY

from ..filters import NcrFilter, RejectFilter, ReturnFilter, TicketFilter
from ..models import CustomerReturn, InternalReject, Ncr, SopTicket
from ..services.floor import visible_rejects, visible_returns


def _link(row) -> str:
    return row.get_absolute_url()


class RejectListView(PortalListView):
    permission_required = VIEW_QUALITY
    title = _("Internal rejects")
    intro = _("Times in each line's plant time zone.")
    filterset_class = RejectFilter
    default_sort = "-occurred_at"
    tiebreak = "-pk"
    export_name = "internal-rejects"
    columns = (
        Column("pk", _("Reject"), kind="int", sort="pk", link=_link),
        LocalDateTimeColumn("occurred_at", _("When"), sort="occurred_at", zone="line.facility"),
        Column("line.code", _("Line"), sort="line__code"),
        Column("machine.code", _("Machine")),
        Column("production_order.number", _("Order")),
        Column("erp_job", _("ERP job"), sort="erp_job"),
        Column("part", _("Part"), sort="part"),
        Column("quantity", _("Quantity"), kind="int", sort="quantity"),
        Column("defect.code", _("Defect code"), sort="defect__code"),
        ChoiceColumn("state", _("State"), sort="state", choices=InternalReject.State),
        Column("created_by.username", _("Recorded by"), sort="created_by__username"),
    )

    def get_queryset(self):
        return visible_rejects(self.request.user, InternalReject.objects.select_related(
            "line__facility", "machine", "production_order", "defect", "created_by"))


class TicketListView(SignedInMixin, PortalListView):
    """Everyone sees the tickets of their departments (quality staff see all)."""

    permission_required = ()
    title = _("SOP tickets")
    filterset_class = TicketFilter
    default_sort = "-created_at"
    tiebreak = "-pk"
    export_name = "sop-tickets"
    columns = (
        Column("pk", _("Ticket"), kind="int", sort="pk", link=_link),
        LocalDateTimeColumn("created_at", _("Raised"), sort="created_at"),
        Column("charging_department.name", _("Charging department"), sort="charging_department__name"),
        Column("charged_department.name", _("Charged department"), sort="charged_department__name"),
        Column("sop_reference", _("SOP reference"), sort="sop_reference"),
        ChoiceColumn("state", _("State"), sort="state", choices=SopTicket.State),
        LocalDateTimeColumn("state_entered_at", _("In this state since"), sort="state_entered_at"),
    )

    def get_queryset(self):
        return SopTicket.workflow.visible_to(
            SopTicket.objects.select_related("charging_department", "charged_department"), self.request.user)


class ReturnListView(PortalListView):
    permission_required = VIEW_QUALITY
    title = _("Customer returns")
    filterset_class = ReturnFilter
    default_sort = "-received_at"
    tiebreak = "-pk"
    export_name = "customer-returns"
    columns = (
        Column("pk", _("Return"), kind="int", sort="pk", link=_link),
        LocalDateTimeColumn("received_at", _("Received"), sort="received_at", zone="facility"),
        Column("customer", _("Customer"), sort="customer"),
        Column("sales_order", _("Sales order"), sort="sales_order"),
        Column("part", _("Part"), sort="part"),
        Column("lot", _("Lot"), sort="lot"),
        Column("quantity", _("Quantity"), kind="int", sort="quantity"),
        ChoiceColumn("state", _("State"), sort="state", choices=CustomerReturn.State),
        ChoiceColumn("disposition", _("Disposition"), sort="disposition", choices=CustomerReturn.Disposition),
    )

    def get_queryset(self):
        return visible_returns(self.request.user, CustomerReturn.objects.select_related("facility"))


class NcrListView(PortalListView):
    permission_required = VIEW_QUALITY
    title = _("NCRs")
    filterset_class = NcrFilter
    default_sort = "-created_at"
    tiebreak = "-pk"
    export_name = "ncrs"
    columns = (
        Column("pk", _("NCR"), kind="int", sort="pk", link=_link),
        Column("title", _("Title"), sort="title"),
        Column("department.name", _("Department"), sort="department__name"),
        Column("owner.username", _("Owner"), sort="owner__username"),
        LocalDateTimeColumn("due_at", _("Due"), sort="due_at", zone="facility"),
        ChoiceColumn("state", _("State"), sort="state", choices=Ncr.State),
        LocalDateTimeColumn("created_at", _("Opened"), sort="created_at", zone="facility"),
    )

    def get_queryset(self):
        return Ncr.objects.select_related("department", "owner", "facility")
