"""Pages of the Scheduling module."""

from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("", views.ScheduleGridView.as_view(), name="grid"),
    path("summary/", views.summary_cards, name="summary"),
]
