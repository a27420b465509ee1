"""Pages of the MRP module."""

app_name = "mrp"

urlpatterns: list = []
