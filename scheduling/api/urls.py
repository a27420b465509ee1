"""REST endpoints of the Scheduling module (mounted under /api/scheduling/)."""

from django.urls import path

from . import views

app_name = "scheduling-api"

urlpatterns = [
    path("lines/", views.GridLineListView.as_view(), name="lines"),
    path("projections/<int:line_id>/", views.ProjectionUpdateView.as_view(), name="projection"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("preferences/", views.PreferenceView.as_view(), name="preferences"),
]
