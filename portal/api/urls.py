"""All REST endpoints, one prefix per app: /api/<app>/..."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("portal/", include("portal.api.core_urls")),
    *[
        path(f"{app}/", include(f"{app}.api.urls"))
        for app in (
            "erp", "notifications", "downtime", "production", "scheduling", "mrp", "planning", "quality", "maintenance",
            "finance", "laser", "coc",
        )
    ],
]
