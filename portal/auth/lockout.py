"""Lockout after repeated failed sign-ins (django-axes), portal rules on top."""

from __future__ import annotations

from django.http import HttpRequest

from .ldap import DENIAL_ATTR


def attempt_proves_identity(request: HttpRequest, credentials: dict | None = None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: a refusal for a reason other than the password is no guess to count.

    A directory user outside the portal groups typed the right password; counting that as a failure would lock
    them out and hide the message that tells them what to ask IT for. Before authentication the request carries
    no such mark, so this never lifts an existing lockout.
    """
    return bool(getattr(request, DENIAL_ATTR, None))
