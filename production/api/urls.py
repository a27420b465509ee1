"""REST endpoints of production orders (mounted under /api/production/)."""

from django.urls import path

from portal.api.routers import PortalRouter

from . import views

app_name = "production-api"

router = PortalRouter()
router.register("movements", views.MovementViewSet, basename="movement")
router.register("balances", views.BalanceViewSet, basename="balance")

# one summary object (rows + total), not a list of resources: a plain view, not a router's list action
urlpatterns = [path("oee/", views.OeeView.as_view(), name="oee"), *router.urls]
