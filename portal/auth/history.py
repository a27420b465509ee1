"""The login history (``portal.LoginEvent``): one row per sign-in attempt, sign-out or ended session, each also in
the one audit log (django-auditlog) beside the changes to business data, so its filters (user, type, dates, the
sign-in outcome) find logins too.

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
    audit_login_event(event)
    if request is not None:
        setattr(request, REQUEST_EVENT_ATTR, event)
    return event


def _audit_fields(event: LoginEvent) -> dict:
    return {"changes": {"outcome": ["", event.outcome]},
            "additional_data": {"login": event.outcome, "username": event.username, "backend": event.backend}}


def audit_login_event(event: LoginEvent) -> None:
    """The event in the audit log: an "access" entry on the event, the user (when known) as its actor, the outcome
    in its changes and in ``additional_data["login"]`` (the audit log's sign-in filter)."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(event, force_log=True, action=LogEntry.Action.ACCESS, actor=event.user,
                                remote_addr=event.ip_address, **_audit_fields(event))


def relabel_login_event(event: LoginEvent, outcome: str) -> None:
    """A failure turned out to be (or happen during) a lockout: the history row and its audit entry say so."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    event.outcome = outcome
    event.save(update_fields=["outcome"])
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(LoginEvent), object_pk=str(event.pk)
                            ).update(object_repr=str(event), **_audit_fields(event))


def event_of_request(request: HttpRequest | None) -> LoginEvent | None:
    return getattr(request, REQUEST_EVENT_ATTR, None) if request is not None else None
