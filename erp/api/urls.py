"""REST endpoints of the ERP viewers module (mounted under /api/erp/)."""

app_name = "erp-api"

urlpatterns: list = []
