"""Pages of the Maintenance module."""

from django.urls import path

from .views import dashboard, lists, machines, phone, report, tickets, work

app_name = "maintenance"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("my/", phone.my_tickets, name="my"),
    path("my/<int:pk>/<slug:action>/", phone.phone_action, name="phone-action"),
    path("tickets/", lists.TicketListView.as_view(), name="tickets"),
    path("tickets/<int:pk>/", tickets.TicketDetailView.as_view(), name="ticket"),
    path("tickets/<int:pk>/workflow/<slug:action>/", tickets.TicketWorkflowView.as_view(), name="ticket-workflow"),
    path("tickets/<int:pk>/pdf/", tickets.TicketPdfView.as_view(), name="ticket-pdf"),
    path("tickets/<int:pk>/work/<slug:what>/", work.TicketWorkView.as_view(), name="ticket-work"),
    path("tickets/<int:pk>/photos/add/", work.TicketPhotoAddView.as_view(), name="ticket-photo-add"),
    path("report/", report.report_ticket_page, name="report"),
    path("photos/<int:pk>/", tickets.TicketPhotoView.as_view(), name="photo"),
    path("machines/", lists.ReliabilityListView.as_view(), name="reliability"),
    path("machines/<int:pk>/", machines.MachineHistoryView.as_view(), name="machine"),
]
