"""REST endpoints of the Finance module (mounted under /api/finance/)."""

from django.urls import path

from . import views

app_name = "finance-api"

urlpatterns = [
    path("costs/", views.ProductCostListView.as_view(), name="costs"),
    path("costs/<str:part_number>/", views.ProductStructureView.as_view(), name="structure"),
    path("scenarios/", views.ScenarioListView.as_view(), name="scenarios"),
    path("availability/", views.AvailabilityView.as_view(), name="availability"),
]
