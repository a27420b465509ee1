"""One way to guard a page: a capability (Django permission) declared on the view.

Login is already required everywhere by ``LoginRequiredMiddleware``; these add the permission. A signed-in
user without it gets the friendly 403 page. The URL-walk test reads ``permission_required`` (class views) or
``required_permissions`` (function views) to know who may open each page, and fails for a view that
declares neither and is not marked ``open_to_all_users``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied


class CapabilityRequiredMixin(PermissionRequiredMixin):
    """Class views: set ``permission_required`` to a permission or a tuple (all required)."""

    raise_exception = True  # anonymous users never get here (middleware); signed-in ones get a 403


class SignedInMixin:
    """Class views any signed-in user may open (their own profile, notifications...)."""

    open_to_all_users = True


def capability_required(*perms: str) -> Callable:
    """Function views: require every permission in ``perms``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permissions = perms
        return wrapped

    return decorator


def open_to_all_users(view: Callable) -> Callable:
    """Function views any signed-in user may open."""
    view.open_to_all_users = True
    return view
