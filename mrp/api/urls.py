"""REST endpoints of the MRP module (mounted under /api/mrp/)."""

from django.urls import path

from . import views

app_name = "mrp-api"

urlpatterns = [
    path("runs/", views.RunView.as_view(), name="run"),
    path("lines/", views.LineListView.as_view(), name="lines"),
    path("shortages/", views.ShortageView.as_view(), name="shortages"),
    path("customer-summary/", views.CustomerSummaryView.as_view(), name="customer-summary"),
    path("forecast/", views.ForecastView.as_view(), name="forecast"),
]
