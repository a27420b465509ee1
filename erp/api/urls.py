"""REST endpoints of the ERP viewers (mounted under /api/erp/)."""

from django.urls import include, path

from portal.api.routers import PortalRouter

from . import views

app_name = "erp-api"

router = PortalRouter()
router.register("boms", views.BomViewSet, basename="bom")
router.register("po-lines", views.OpenPoLineViewSet, basename="po-line")
router.register("jobs", views.OpenJobViewSet, basename="job")

urlpatterns = [
    path("sales/", include("erp.api.sales_urls")),
    *router.urls,
]
