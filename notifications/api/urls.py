"""REST endpoints of the Notifications module (mounted under /api/notifications/)."""

app_name = "notifications-api"

urlpatterns: list = []
