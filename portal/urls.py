from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.observability.metrics import metrics
from portal.views import exports, health, home, offline, preferences, reports, user_activity

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # The old portal's bookmarked addresses (before the admin's catch-all, which would answer them 404).
    path("", include("portal.legacy_urls")),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    # at the root so the worker's scope covers every floor page (docs/offline-queue.md)
    path("sw.js", offline.service_worker, name="service-worker"),
    path("profile/", preferences.ProfileView.as_view(), name="profile"),
    path("preferences/", preferences.set_preference, name="set-preference"),
    path("reports/", reports.ReportsHubView.as_view(), name="reports-hub"),
    path("users/activity/", user_activity.UserActivityView.as_view(), name="user-activity"),
    path("reports/coc/", include("quality.coc.urls")),
    path("labels/", include("portal.labels.urls")),
    path("exports/", exports.ExportListView.as_view(), name="export-list"),
    path("exports/<int:pk>/", exports.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", exports.export_download, name="export-download"),
    path("accounts/", include("portal.auth.urls")),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Domain apps
    path("notifications/", include("notifications.urls")),
    path("erp/", include("erp.urls")),
    path("downtime/", include("downtime.urls")),
    path("production/", include("production.urls")),
    path("andon/", include("production.andon_urls")),  # the floor's TVs: a board's own link token, no sign-in
    path("scheduling/", include("scheduling.urls")),
    path("mrp/", include("mrp.urls")),
    path("planning/", include("scheduling.planning.urls")),
    path("quality/", include("quality.urls")),
    path("maintenance/", include("maintenance.urls")),
    path("finance/", include("finance.urls")),
    path("laser/", include("laser.urls")),
    # REST API
    path("api/", include("portal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's set-up as a script file: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
