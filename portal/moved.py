"""Old addresses that people have bookmarked: a permanent redirect to the page's address today, query string kept.

The redirect asks for the same permissions as the page it leads to, so a moved address reveals nothing to a user
who may not open the page (the URL walk reads them like any view's).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from .access import capability_required, open_to_all_users


def moved_to(pattern_name: str, *perms: str, keep_kwargs: bool = True) -> Callable:
    """A view answering 301 to ``pattern_name`` (its URL kwargs passed on when ``keep_kwargs``), for users holding
    ``perms`` (any signed-in user when there are none)."""

    def view(request, **kwargs):
        target = reverse(pattern_name, kwargs=kwargs if keep_kwargs else None)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    view.__name__ = f"moved_to_{pattern_name.replace(':', '_').replace('-', '_')}"
    return capability_required(*perms)(view) if perms else open_to_all_users(view)
