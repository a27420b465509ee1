"""Pages of the Laser job shop module."""

import datetime as dt

from django.urls import path, register_converter

from .views import board, drafts, extras, home, inventory, phone, presets, projects, reports


class IsoDate:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError (2026-13-45): no match, a 404

    def to_url(self, value) -> str:
        return str(value)


register_converter(IsoDate, "isodate")

app_name = "laser"

urlpatterns = [
    path("", home.home, name="home"),
    path("mode/", home.choose_mode, name="mode"),
    path("dashboard/", home.dashboard, name="dashboard"),
    path("phone/", phone.phone, name="phone"),
    path("extra-operators/", extras.extra_operators, name="extra-operators"),
    path("phone/lists/", phone.phone_runs, name="phone-lists"),
    path("queue/", projects.QueueListView.as_view(), name="queue"),
    path("board/", board.pipeline, name="board"),
    path("projects/", projects.ProjectListView.as_view(), name="projects"),
    path("projects/new/", projects.project_form, name="project-new"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", projects.project_form, name="project-edit"),
    path("projects/<int:pk>/workflow/<slug:action>/", projects.ProjectWorkflowView.as_view(),
         name="project-workflow"),
    path("inventory/", inventory.InventoryListView.as_view(), name="inventory"),
    path("inventory/movements/", inventory.MovementListView.as_view(), name="movements"),
    path("inventory/<int:pk>/move/", inventory.stock_move, name="stock-move"),
    path("presets/", presets.preset_list, name="presets"),
    path("presets/new/", presets.preset_new, name="preset-new"),
    path("drafts/", drafts.DraftListView.as_view(), name="drafts"),
    path("drafts/<int:pk>/", drafts.draft_detail, name="draft"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/generate/", reports.generate_now, name="report-generate"),
    path("reports/<isodate:day>/", reports.report_detail, name="report"),
    path("reports/<isodate:day>/txt/", reports.report_txt, name="report-txt"),
    path("reports/<isodate:day>/pdf/", reports.report_pdf, name="report-pdf"),
    path("reports/<isodate:day>/v<int:version>/", reports.report_detail, name="report-version"),
    path("reports/<isodate:day>/v<int:version>/txt/", reports.report_txt, name="report-version-txt"),
    path("reports/<isodate:day>/v<int:version>/pdf/", reports.report_pdf, name="report-version-pdf"),
]
