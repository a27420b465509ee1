"""REST endpoints of downtime (mounted under /api/downtime/)."""

from django.urls import path

from portal.api.routers import PortalRouter

from . import views

app_name = "downtime-api"

router = PortalRouter()
router.register("events", views.DowntimeEventViewSet, basename="event")

urlpatterns = [
    path("summary/", views.DowntimeSummaryView.as_view(), name="summary"),
    *router.urls,
]
