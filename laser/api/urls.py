"""REST endpoints of the Laser job shop module (mounted under /api/laser/)."""

app_name = "laser-api"

urlpatterns: list = []
