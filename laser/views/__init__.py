"""Pages of the Laser job shop module."""

from __future__ import annotations

from functools import wraps

from django.utils import timezone

from ..services import shop_zone


def in_shop_zone(view):
    """Times on the shop's pages read in the shop's zone (LASER_TIME_ZONE), whatever the server's zone."""

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
