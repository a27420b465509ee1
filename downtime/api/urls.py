"""REST endpoints of the Downtime module (mounted under /api/downtime/)."""

app_name = "downtime-api"

urlpatterns: list = []
