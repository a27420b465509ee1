"""REST endpoints of the Scheduling module (mounted under /api/scheduling/)."""

app_name = "scheduling-api"

urlpatterns: list = []
