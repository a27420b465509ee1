"""Single session per user: a new sign-in ends the user's other session (seed 000, "Single Session Enforcement").

``User.session_key`` names the session of the latest sign-in. At sign-in the session it named before is emptied
and flagged (not deleted), so that the old browser, on its next request, is anonymous and the sign-in page can
tell why. The middleware also ends any signed-in session that is not the user's current one (a session store
that could not be rewritten, or a race between two sign-ins), so the rule holds for every session backend.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from .history import Outcome, client_ip, client_user_agent, record_login_event

logger = logging.getLogger(__name__)

# Session keys the portal keeps in every signed-in session.
ENDED_FLAG = "portal_ended_by_newer_login"  # left in an ended session for the sign-in page's message
LOGIN_KEY = "portal_login_session"  # the session key the user row knows this session by
CLIENT_KEY = "portal_login_client"  # where the session signed in from, for the history of an ended session


def _session_store(session_key: str | None = None) -> SessionBase:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def start_single_session(request: HttpRequest, user) -> None:
    """Make the request's session the user's only one (called when the user has just signed in)."""
    session = request.session
    if session.session_key is None:
        session.save()
    new_key = session.session_key
    user_model = get_user_model()
    old_key = user_model.objects.filter(pk=user.pk).values_list("session_key", flat=True).first() or ""
    session[LOGIN_KEY] = new_key
    session[CLIENT_KEY] = {"ip": client_ip(request), "user_agent": client_user_agent(request)}
    session.pop(ENDED_FLAG, None)
    # update(), not save(): a session change is not a profile change for the audit log.
    user_model.objects.filter(pk=user.pk).update(session_key=new_key)
    user.session_key = new_key
    if old_key and old_key != new_key:
        end_session(old_key, user)


def end_session(session_key: str, user) -> bool:
    """Empty and flag ``session_key`` if it is a session of ``user``. Returns whether one was ended."""
    store = _session_store(session_key)
    if str(store.get(SESSION_KEY)) != str(user.pk):
        return False  # already gone, expired or signed out
    client = store.get(CLIENT_KEY) or {}
    store.clear()
    store[ENDED_FLAG] = True
    try:
        store.save()
    except UpdateError:
        return False  # deleted in the meantime: ended anyway
    _record_ended(user, client)
    return True


def _record_ended(user, client: dict) -> None:
    """Login history: the session of ``user`` (from the device in ``client``) was ended by a newer login."""
    record_login_event(
        Outcome.ENDED,
        username=user.get_username(),
        user=user,
        ip_address=client.get("ip"),
        user_agent=client.get("user_agent", ""),
    )


def forget_session(user, session_key: str | None) -> None:
    """At sign-out: the user has no current session any more (if it was this one)."""
    if user is not None and session_key:
        get_user_model().objects.filter(pk=user.pk, session_key=session_key).update(session_key="")


def is_superseded(session: SessionBase, user) -> bool:
    """Whether this signed-in session is not the user's current one."""
    current = user.session_key
    if not current or session.session_key == current:
        return False
    if session.get(LOGIN_KEY) == current:
        # Same sign-in, but the key was cycled since (e.g. a password change): follow the new key.
        get_user_model().objects.filter(pk=user.pk, session_key=current).update(session_key=session.session_key)
        user.session_key = session.session_key
        session[LOGIN_KEY] = session.session_key
        return False
    return True


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class SingleSessionMiddleware:
    """Ends a superseded session and sends the old browser to the sign-in page (which says why).

    Runs after AuthenticationMiddleware and before LoginRequiredMiddleware, which does the redirect for normal
    pages; htmx requests get an ``HX-Redirect`` so the whole page goes to the sign-in form, not a fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:  # no cookie, nothing to check (and no query)
            user = request.user
            if user.is_authenticated and is_superseded(session, user):
                logger.info("Session of %s ended: the account signed in elsewhere", user.get_username())
                client = session.get(CLIENT_KEY) or {}
                session.flush()
                session[ENDED_FLAG] = True
                request.user = AnonymousUser()
                _record_ended(user, client)
            if not request.user.is_authenticated and _is_htmx(request) and session.get(ENDED_FLAG):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                return response
        return self.get_response(request)
