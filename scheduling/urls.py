"""Pages of the Scheduling module."""

app_name = "scheduling"

urlpatterns: list = []
