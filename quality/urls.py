"""Pages of the Quality module."""

app_name = "quality"

urlpatterns: list = []
