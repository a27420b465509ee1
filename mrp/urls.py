"""Pages of the MRP module."""

from django.urls import path

from .views import dashboard, forecast, shortages, summary

app_name = "mrp"

urlpatterns = [
    path("", dashboard.MrpDashboardView.as_view(), name="dashboard"),
    path("lines/<int:pk>/components/", dashboard.line_components, name="line-components"),
    path("refresh/", dashboard.refresh, name="refresh"),
    path("runs/<int:pk>/status/", dashboard.run_status, name="run-status"),
    path("shortages/", shortages.ShortageReportView.as_view(), name="shortages"),
    path("customer/", summary.CustomerSummaryView.as_view(), name="customer-summary"),
    path("forecast/", forecast.shipment_forecast, name="shipment-forecast"),
]
