"""REST endpoints of the Notifications module (mounted under /api/notifications/).

``/api/notifications/`` lists your notifications; ``<id>/``, ``<id>/read/``, ``<id>/resolve/``,
``unread-count/`` and ``read-all/`` sit next to it.
"""

from portal.api.routers import PortalSimpleRouter

from . import views

app_name = "notifications-api"

router = PortalSimpleRouter()
router.register("", views.NotificationViewSet, basename="notification")

urlpatterns = router.urls
