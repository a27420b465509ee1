"""Pages of the Laser job shop module."""

app_name = "laser"

urlpatterns: list = []
