"""Pages of the Scheduling module."""

from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("", views.ScheduleGridView.as_view(), name="grid"),
    path("summary/", views.summary_cards, name="summary"),
    path("projections/export/", views.projections_export, name="projections-export"),
    path("projections/import/", views.ProjectionImportView.as_view(), name="projections-import"),
]
