"""REST endpoints of the customer sales analysis (mounted at /api/erp/sales/)."""

from django.urls import path

from . import sales

urlpatterns = [
    path("customers/", sales.CustomerSearchView.as_view(), name="sales-customers"),
    path("customers/<str:code>/summary/", sales.CustomerSummaryView.as_view(), name="sales-customer-summary"),
    path("customers/<str:code>/open-orders/", sales.CustomerOpenOrdersView.as_view(),
         name="sales-customer-open-orders"),
    path("customers/<str:code>/shipments/", sales.CustomerShipmentsView.as_view(), name="sales-customer-shipments"),
]
