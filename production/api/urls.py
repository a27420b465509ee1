"""REST endpoints of production orders (mounted under /api/production/)."""

from portal.api.routers import PortalRouter

from . import views

app_name = "production-api"

router = PortalRouter()
router.register("movements", views.MovementViewSet, basename="movement")
router.register("balances", views.BalanceViewSet, basename="balance")
router.register("oee", views.OeeViewSet, basename="oee")

urlpatterns = router.urls
