"""The transition/comment endpoints of each quality record (the core WorkflowActionView)."""

from portal.roles import VIEW_QUALITY
from portal.workflow.views import WorkflowActionView

from ..models import Capa, CustomerReturn, InternalReject, Ncr, SopTicket
from ..services.floor import visible_rejects, visible_returns


class TicketWorkflowView(WorkflowActionView):
    model = SopTicket
    open_to_all_users = True  # who may see a ticket is the workflow's visible_to (departments involved)
    permission_required = ()


class RejectWorkflowView(WorkflowActionView):
    model = InternalReject
    permission_required = VIEW_QUALITY

    def get_queryset(self):
        return visible_rejects(self.request.user, super().get_queryset())


class ReturnWorkflowView(WorkflowActionView):
    model = CustomerReturn
    permission_required = VIEW_QUALITY

    def get_queryset(self):
        return visible_returns(self.request.user, super().get_queryset())


class NcrWorkflowView(WorkflowActionView):
    model = Ncr
    permission_required = VIEW_QUALITY


class CapaWorkflowView(WorkflowActionView):
    model = Capa
    permission_required = VIEW_QUALITY
