"""Login history and single-session receivers, connected once from ``portal.signals`` (PortalConfig.ready)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django_auth_ldap.backend import ldap_error

from .history import Outcome, backend_label, event_of_request, record_login_event, relabel_login_event
from .idle import start_idle_clock
from .ldap import DENIAL_ATTR, on_ldap_error
from .sessions import forget_session, start_single_session


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    record_login_event(
        Outcome.SUCCESS,
        username=user.get_username(),
        user=user,
        request=request,
        backend=backend_label(getattr(user, "backend", "") or ""),
    )
    if request is not None and hasattr(request, "session"):
        start_single_session(request, user)
        start_idle_clock(request, user)


def on_user_login_failed(sender, credentials, request=None, **kwargs) -> None:
    if event_of_request(request) is not None:
        return  # already recorded as a lockout for this attempt
    denied = bool(getattr(request, DENIAL_ATTR, None))
    record_login_event(
        Outcome.DENIED if denied else Outcome.FAILED,
        username=str(credentials.get("username", "")),  # Django has already masked the password
        request=request,
        backend=backend_label("portal.auth.ldap.PortalLDAPBackend") if denied else "",
    )


def on_user_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """axes: this attempt hit (or was made during) a lockout. One history row per attempt, labelled locked."""
    event = event_of_request(request)
    if event is not None:
        relabel_login_event(event, Outcome.LOCKED)
    else:
        record_login_event(Outcome.LOCKED, username=username or "", request=request)


def on_user_logged_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return  # signing out an already anonymous browser
    record_login_event(Outcome.LOGOUT, username=user.get_username(), user=user, request=request)
    session = getattr(request, "session", None)
    forget_session(user, session.session_key if session is not None else None)


def connect_receivers() -> None:
    """Idempotent (dispatch_uid): safe if ready() runs twice."""
    user_logged_in.connect(on_user_logged_in, dispatch_uid="portal.auth.logged_in")
    user_login_failed.connect(on_user_login_failed, dispatch_uid="portal.auth.login_failed")
    user_locked_out.connect(on_user_locked_out, dispatch_uid="portal.auth.locked_out")
    user_logged_out.connect(on_user_logged_out, dispatch_uid="portal.auth.logged_out")
    ldap_error.connect(on_ldap_error, dispatch_uid="portal.auth.ldap_error")
