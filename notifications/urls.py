"""Pages of the Notifications module."""

app_name = "notifications"

urlpatterns: list = []
