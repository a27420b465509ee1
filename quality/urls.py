"""Pages of the Quality module."""

from django.urls import path

from .views import dashboard, entry, lists, records, workflow

app_name = "quality"

urlpatterns = [
    path("", dashboard.quality_dashboard, name="dashboard"),
    path("rejects/new/", entry.reject_entry, name="reject-entry"),
    path("rejects/", lists.RejectListView.as_view(), name="rejects"),
    path("rejects/<int:pk>/", records.reject_detail, name="reject-detail"),
    path("rejects/<int:pk>/photo/", records.reject_photo, name="reject-photo"),
    path("rejects/<int:pk>/workflow/<slug:action>/", workflow.RejectWorkflowView.as_view(), name="reject-workflow"),
    path("tickets/", lists.TicketListView.as_view(), name="tickets"),
    path("tickets/new/", records.ticket_create, name="ticket-create"),
    path("tickets/<int:pk>/", records.ticket_detail, name="ticket-detail"),
    path("tickets/<int:pk>/workflow/<slug:action>/", workflow.TicketWorkflowView.as_view(), name="ticket-workflow"),
    path("returns/", lists.ReturnListView.as_view(), name="returns"),
    path("returns/new/", records.return_create, name="return-create"),
    path("returns/<int:pk>/", records.return_detail, name="return-detail"),
    path("returns/photos/<int:pk>/", records.return_photo, name="return-photo"),
    path("returns/<int:pk>/workflow/<slug:action>/", workflow.ReturnWorkflowView.as_view(), name="return-workflow"),
    path("ncrs/", lists.NcrListView.as_view(), name="ncrs"),
    path("ncrs/new/", records.ncr_create, name="ncr-create"),
    path("ncrs/<int:pk>/", records.ncr_detail, name="ncr-detail"),
    path("ncrs/<int:pk>/capas/new/", records.capa_create, name="capa-create"),
    path("ncrs/<int:pk>/workflow/<slug:action>/", workflow.NcrWorkflowView.as_view(), name="ncr-workflow"),
    path("capas/<int:pk>/workflow/<slug:action>/", workflow.CapaWorkflowView.as_view(), name="capa-workflow"),
]
