"""Old addresses that people have bookmarked: a permanent redirect to the page's address today, query string kept.

The redirect asks for the same permissions as the page it leads to, so a moved address reveals nothing to a user
who may not open the page (the URL walk reads them like any view's). The old portal's paths are listed in
portal/legacy_urls.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from .access import capability_required, open_to_all_users
from .roles import ADMIN_PANEL


def moved_to(pattern_name: str, *perms: str, keep_kwargs: bool = True, admin_model: str = "") -> Callable:
    """A view answering 301 to ``pattern_name`` (its URL kwargs passed on when ``keep_kwargs``), for users holding
    ``perms`` (any signed-in user when there are none).

    ``admin_model`` (``"app_label.model"``): the target is that model's admin page, refused as the admin refuses
    it: the admin panel capability and the model's view or change permission."""

    def view(request, **kwargs):
        target = reverse(pattern_name, kwargs=kwargs if keep_kwargs else None)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    view.__name__ = f"moved_to_{pattern_name.replace(':', '_').replace('-', '_')}"
    if admin_model:
        return _admin_guarded(view, admin_model, perms)
    return capability_required(*perms)(view) if perms else open_to_all_users(view)


def _admin_guarded(view: Callable, admin_model: str, perms: tuple[str, ...]) -> Callable:
    app_label, model = admin_model.split(".")
    either = (f"{app_label}.view_{model}", f"{app_label}.change_{model}")
    required = (ADMIN_PANEL, *perms)

    def guarded(request, **kwargs):
        user = request.user
        if not (user.is_active and user.has_perms(required) and any(user.has_perm(p) for p in either)):
            raise PermissionDenied
        return view(request, **kwargs)

    guarded.__name__ = view.__name__
    guarded.required_permissions = required
    guarded.any_of_permissions = either
    return guarded
