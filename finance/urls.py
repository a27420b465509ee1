"""Pages of the Finance module."""

from django.urls import path

from .views import costs

app_name = "finance"

urlpatterns = [
    path("costs/", costs.ProductCostListView.as_view(), name="costs"),
    path("costs/refresh/", costs.refresh_costs, name="refresh"),
    path("costs/<str:part_number>/", costs.product_detail, name="product"),
]
