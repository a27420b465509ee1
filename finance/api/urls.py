"""REST endpoints of the Finance module (mounted under /api/finance/)."""

app_name = "finance-api"

urlpatterns: list = []
