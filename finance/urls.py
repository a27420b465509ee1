"""Pages of the Finance module."""

from django.urls import path

from .views import analysis, costs, local_boms, scenarios

app_name = "finance"

urlpatterns = [
    path("costs/", costs.ProductCostListView.as_view(), name="costs"),
    path("costs/refresh/", costs.refresh_costs, name="refresh"),
    path("costs/runs/<int:pk>/status/", costs.run_status, name="run-status"),
    path("scenarios/", scenarios.ScenarioListView.as_view(), name="scenarios"),
    path("scenarios/new/", scenarios.scenario_form, name="scenario-new"),
    path("scenarios/<int:pk>/edit/", scenarios.scenario_form, name="scenario-edit"),
    path("scenarios/<int:pk>/", scenarios.ScenarioCompareView.as_view(), name="scenario-compare"),
    path("availability/", analysis.availability_page, name="availability"),
    path("local-boms/import/", local_boms.LocalBomImportView.as_view(), name="local-bom-import"),
    path("costs/<str:part_number>/revisions/", analysis.compare_revisions, name="compare"),
    path("costs/<str:part_number>/", costs.product_detail, name="product"),
]
