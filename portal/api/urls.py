"""All REST endpoints, one prefix per app: /api/<app>/..."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("portal/", include("portal.api.core_urls")),
    *[
        path(f"{prefix}/", include(f"{package}.api.urls"))
        for prefix, package in (
            ("erp", "erp"), ("notifications", "notifications"), ("downtime", "downtime"),
            ("production", "production"), ("scheduling", "scheduling"), ("mrp", "mrp"),
            ("planning", "scheduling.planning"), ("quality", "quality"), ("maintenance", "maintenance"),
            ("finance", "finance"), ("laser", "laser"), ("coc", "quality.coc"),
        )
    ],
]
