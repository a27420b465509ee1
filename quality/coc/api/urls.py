"""REST endpoints of the Certificates of Compliance (mounted under /api/coc/)."""

from portal.api.routers import PortalRouter

from . import views

app_name = "coc-api"

router = PortalRouter()
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = router.urls
