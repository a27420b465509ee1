"""REST endpoints of job planning (mounted under /api/planning/)."""

from django.urls import path

from portal.api.routers import PortalRouter

from . import views

app_name = "planning-api"

router = PortalRouter()
router.register("orders", views.OrderViewSet, basename="order")
router.register("stages", views.StageViewSet, basename="stage")
router.register("capacity-overrides", views.CapacityOverrideViewSet, basename="capacity-override")
router.register("exceptions", views.ExceptionViewSet, basename="exception")

urlpatterns = [path("utilization/", views.UtilizationView.as_view(), name="utilization"), *router.urls]
