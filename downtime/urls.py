"""Pages of the Downtime module."""

from django.urls import path

from .views import detected, entry, summary

app_name = "downtime"

urlpatterns = [
    path("", entry.entry, name="entry"),
    path("record/", entry.record, name="record"),
    path("today/", entry.today, name="today"),
    path("jobs/", entry.jobs, name="jobs"),
    path("shift-hint/", entry.shift_hint, name="shift-hint"),
    path("events/<int:pk>/edit/", entry.edit, name="edit"),
    path("events/<int:pk>/delete/", entry.delete, name="delete"),
    path("waiting/", detected.waiting, name="waiting"),
    path("events/<int:pk>/classify/", detected.classify, name="classify"),
    path("summary/", summary.DowntimeSummaryView.as_view(), name="summary"),
]
