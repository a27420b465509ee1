"""Pages of the Notifications module."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<int:pk>/open/", views.follow, name="open"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
]
