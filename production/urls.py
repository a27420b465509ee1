"""Pages of production orders (mounted under /production/)."""

from django.urls import path

from .views import floor, labels, oee, report

app_name = "production"

urlpatterns = [
    path("", floor.floor, name="floor"),
    path("work-centers/<int:line_id>/orders/", floor.open_orders, name="open-orders"),
    path("work-centers/<int:line_id>/jobs/", floor.jobs, name="jobs"),
    path("movements/<int:pk>/correct/", floor.correct, name="correct"),
    path("report/", report.BalanceReportView.as_view(), name="report"),
    path("oee/", oee.report, name="oee"),
    path("labels/", labels.labels, name="labels"),
    path("labels/erp-jobs/", labels.labels_for_erp_jobs, name="labels-erp-jobs"),
    path("labels/from/<slug:source>/", labels.labels_from_list, name="labels-from-list"),
    path("movements/", report.MovementListView.as_view(), name="movements"),
]
