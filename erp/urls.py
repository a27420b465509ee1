"""Pages of the ERP viewers module."""

app_name = "erp"

urlpatterns: list = []
