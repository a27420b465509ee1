"""REST endpoints of the Maintenance module (mounted under /api/maintenance/)."""

app_name = "maintenance-api"

urlpatterns: list = []
