from django.db import models
from rest_framework import routers


class IntegerLookupMixin:
    """Detail URLs of integer primary keys match digits only: ``/facilities/abc/`` is a 404 before any view code
    runs, instead of a value the view's own lookups would choke on."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_value_regex", None) is None and getattr(viewset, "lookup_field", "pk") in (
                "pk", "id"):
            queryset = getattr(viewset, "queryset", None)
            model = getattr(queryset, "model", None)
            if model is not None and isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
                lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
                return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)


class PortalAPIRootView(routers.APIRootView):
    """The browsable index of an app's endpoints: any signed-in user may list them (each endpoint checks its own)."""

    open_to_all_users = True


class PortalRouter(IntegerLookupMixin, routers.DefaultRouter):
    """The router every app's API uses, so the index page follows the portal's deny-by-default rule."""

    APIRootView = PortalAPIRootView


class PortalSimpleRouter(IntegerLookupMixin, routers.SimpleRouter):
    """The same lookups without an index page (an app with a single endpoint family)."""
