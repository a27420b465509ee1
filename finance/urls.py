"""Pages of the Finance module."""

app_name = "finance"

urlpatterns: list = []
