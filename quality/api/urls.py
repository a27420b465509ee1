"""REST endpoints of the Quality module (mounted under /api/quality/)."""

app_name = "quality-api"

urlpatterns: list = []
