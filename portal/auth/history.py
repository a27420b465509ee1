"""The login history (``portal.LoginEvent``): one row per sign-in attempt, sign-out or ended session.

Only who, when, from where and how it ended are kept; never a password or anything typed in the password field.
"""

from __future__ import annotations

import ipaddress

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from portal.models import LoginEvent

Outcome = LoginEvent.Outcome
# The event recorded for the current request, so that a lockout can relabel the failure it follows.
REQUEST_EVENT_ATTR = "_portal_login_event"

BACKEND_LABELS = {
    "portal.auth.ldap.PortalLDAPBackend": "ldap",
    "django.contrib.auth.backends.ModelBackend": "local",
}


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (REMOTE_ADDR; a proxy must set it, not a header we trust)."""
    if request is None:
        return None
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    limit = LoginEvent._meta.get_field("user_agent").max_length
    return request.META.get("HTTP_USER_AGENT", "")[:limit]


def backend_label(backend_path: str) -> str:
    return BACKEND_LABELS.get(backend_path, backend_path.rsplit(".", 1)[-1])[:100]


def record_login_event(
    outcome: str,
    *,
    username: str,
    request: HttpRequest | None = None,
    user=None,
    backend: str = "",
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> LoginEvent:
    """Write one history row. ``ip_address``/``user_agent`` default to the request's."""
    username = (username or "")[: LoginEvent._meta.get_field("username").max_length]
    if user is None and username:
        user = get_user_model().objects.filter(username__iexact=username).first()
    event = LoginEvent.objects.create(
        outcome=outcome,
        username=username,
        user=user,
        backend=backend,
        ip_address=ip_address if ip_address is not None else client_ip(request),
        user_agent=user_agent if user_agent is not None else client_user_agent(request),
    )
    if request is not None:
        setattr(request, REQUEST_EVENT_ATTR, event)
    return event


def event_of_request(request: HttpRequest | None) -> LoginEvent | None:
    return getattr(request, REQUEST_EVENT_ATTR, None) if request is not None else None
