"""Pages of the Laser job shop module."""

from __future__ import annotations

from functools import wraps

from django.utils import timezone

from ..services import shop_zone


def in_shop_zone(view):
    """Times on the shop's pages (and their Excel exports) read in the shop's facility's zone, whatever the portal's
    zone (a page about one facility, as with Django's ``{% timezone %}``: docs/time-zones.md)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with timezone.override(shop_zone()):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapped


class ShopZoneMixin:
    def dispatch(self, request, *args, **kwargs):
        return in_shop_zone(super().dispatch)(request, *args, **kwargs)
