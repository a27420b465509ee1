"""Customer sales analysis pages (mounted at /erp/sales/, inside the ``erp`` namespace)."""

from django.urls import path

from .views import sales

urlpatterns = [
    path("", sales.CustomerAnalysisView.as_view(), name="customer-analysis"),
    path("shipments/", sales.CustomerShipmentsView.as_view(), name="customer-shipments"),
    path("customers/", sales.customer_options, name="customer-options"),
]
