"""Pages of the Downtime module."""

app_name = "downtime"

urlpatterns: list = []
