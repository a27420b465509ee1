"""REST endpoints of the MRP module (mounted under /api/mrp/)."""

app_name = "mrp-api"

urlpatterns: list = []
