"""Pages of production orders (mounted under /production/)."""

from django.urls import path

from portal.moved import moved_to
from portal.roles import PRINT_LABELS, VIEW_REPORTS

from .views import boards, floor, oee, report

app_name = "production"

urlpatterns = [
    path("", floor.floor, name="floor"),
    path("work-centers/<int:line_id>/orders/", floor.open_orders, name="open-orders"),
    path("work-centers/<int:line_id>/jobs/", floor.jobs, name="jobs"),
    path("movements/<int:pk>/correct/", floor.correct, name="correct"),
    path("report/", report.BalanceReportView.as_view(), name="report"),
    path("oee/", oee.report, name="oee"),
    path("boards/", boards.boards, name="boards"),
    path("movements/", report.MovementListView.as_view(), name="movements"),
    # The labels page moved to the core (/labels/): it labels machines, ERP jobs and lots too.
    path("labels/", moved_to("labels:pick", PRINT_LABELS), name="labels-moved"),
    path("labels/erp-jobs/", moved_to("labels:erp-jobs", PRINT_LABELS, VIEW_REPORTS), name="labels-erp-jobs-moved"),
    path("labels/from/<slug:source>/", moved_to("labels:from-list", PRINT_LABELS), name="labels-from-list-moved"),
]
