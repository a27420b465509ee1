from portal.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("facilities", views.FacilityViewSet)
router.register("lines", views.ProductionLineViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("shifts", views.ShiftViewSet)
router.register("capacities", views.ProductionCapacityViewSet)

urlpatterns = router.urls
