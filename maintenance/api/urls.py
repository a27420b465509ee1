"""REST endpoints of the Maintenance module (mounted under /api/maintenance/)."""

from portal.api.routers import PortalRouter

from . import views

app_name = "maintenance-api"

router = PortalRouter()
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("reliability", views.ReliabilityViewSet, basename="reliability")
router.register("plans", views.PlanViewSet, basename="plan")

urlpatterns = router.urls
