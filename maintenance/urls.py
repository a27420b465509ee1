"""Pages of the Maintenance module."""

app_name = "maintenance"

urlpatterns: list = []
