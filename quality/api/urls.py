"""REST endpoints of the Quality module (mounted under /api/quality/)."""

from portal.api.routers import PortalRouter

from . import views

app_name = "quality-api"

router = PortalRouter()
router.register("rejects", views.RejectViewSet, basename="reject")
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("returns", views.ReturnViewSet, basename="return")
router.register("ncrs", views.NcrViewSet, basename="ncr")
router.register("capas", views.CapaViewSet, basename="capa")

urlpatterns = router.urls
