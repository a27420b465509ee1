"""Pages of the Finance module."""

from django.urls import path

from .views import analysis, costs, local_boms

app_name = "finance"

urlpatterns = [
    path("costs/", costs.ProductCostListView.as_view(), name="costs"),
    path("costs/refresh/", costs.refresh_costs, name="refresh"),
    path("availability/", analysis.availability_page, name="availability"),
    path("local-boms/import/", local_boms.LocalBomImportView.as_view(), name="local-bom-import"),
    path("costs/<str:part_number>/revisions/", analysis.compare_revisions, name="compare"),
    path("costs/<str:part_number>/", costs.product_detail, name="product"),
]
