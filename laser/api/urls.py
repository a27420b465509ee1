"""REST endpoints of the Laser job shop module (mounted under /api/laser/)."""

from portal.api.routers import PortalRouter

from . import views

app_name = "laser-api"

router = PortalRouter()
router.register("runs", views.RunViewSet, basename="run")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("inventory", views.InventoryViewSet, basename="inventory")
router.register("reports", views.DailyReportViewSet, basename="report")

urlpatterns = router.urls
