"""Idle timeout of shared floor tablets: a signed-in user of a floor role who does nothing for a while is signed
out, with a warning a minute before (docs/idle-timeout.md).

Server side (the rule): the session keeps the user's timeout (chosen at sign-in from ``IDLE_TIMEOUT_MINUTES`` and
``IDLE_TIMEOUT_ROLES``) and the moment of their last activity. A person's request is activity: a page opened, a
form posted, the page's "I am here" ping (``keepalive``) that static/portal/idle-timeout.js sends when the user
taps or types. Background requests are not: htmx refreshes and polls, the offline queue's replays, the API. A
session idle for longer than its timeout is signed out on its next request, whatever it is.

Client side: the script counts down from the last tap, shows the warning ``IDLE_TIMEOUT_WARNING_SECONDS`` before
the end, and signs out at the end. Commands waiting in the offline queue stay on the tablet: each carries its
author and is sent only while its author is signed in again (static/portal/offline-queue.js).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

TIMEOUT_KEY = "portal_idle_timeout"  # seconds, 0: this user is not signed out for inactivity
ACTIVITY_KEY = "portal_last_activity"  # epoch seconds of the last activity
IDLE_FLAG = "portal_signed_out_idle"  # left in the session for the sign-in page's message
STAMP_EVERY = 60  # seconds: the session is written at most this often for activity (not on every request)


def idle_timeout(user) -> int:
    """The user's idle timeout in seconds: ``IDLE_TIMEOUT_MINUTES`` for members of ``IDLE_TIMEOUT_ROLES`` (the
    floor roles by default), 0 for anyone else or when the setting is 0."""
    minutes = float(getattr(settings, "IDLE_TIMEOUT_MINUTES", 30) or 0)
    if minutes <= 0 or not user.is_authenticated:
        return 0
    roles = getattr(settings, "IDLE_TIMEOUT_ROLES", None)
    if roles is None:
        from portal.roles import FLOOR_ROLES

        roles = FLOOR_ROLES
    return round(minutes * 60) if user.groups.filter(name__in=list(roles)).exists() else 0


def start_idle_clock(request: HttpRequest, user) -> None:
    """At sign-in: the user's timeout and the first activity (user_logged_in)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    timeout = idle_timeout(user)
    session[TIMEOUT_KEY] = timeout
    if timeout:
        session[ACTIVITY_KEY] = time.time()


def is_background(request: HttpRequest) -> bool:
    """Requests a person did not make just now: htmx refreshes and polls, offline replays, the API."""
    return (request.headers.get("HX-Request") == "true" or request.META.get("HTTP_X_OFFLINE_REPLAY") == "1"
            or request.path.startswith("/api/"))


def touch(request: HttpRequest, *, force: bool = False) -> None:
    session = request.session
    now = time.time()
    if force or now - float(session.get(ACTIVITY_KEY) or 0) >= STAMP_EVERY:
        session[ACTIVITY_KEY] = now


def remaining(request: HttpRequest) -> float | None:
    """Seconds left before the session is signed out for inactivity, or None when it has no timeout."""
    session = getattr(request, "session", None)
    timeout = session.get(TIMEOUT_KEY) if session is not None else None
    last = session.get(ACTIVITY_KEY) if session is not None else None
    if not timeout or last is None:
        return None
    return float(timeout) - (time.time() - float(last))


class IdleTimeoutMiddleware:
    """Signs out an idle session on its next request; htmx gets an ``HX-Redirect``, JSON callers (the offline
    queue) a 401 in the refusal contract, so a replayed command stays queued; pages go to the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.get(TIMEOUT_KEY):
            left = remaining(request)
            if left is not None and left <= 0:
                minutes = max(1, round(int(session[TIMEOUT_KEY]) / 60))
                logout(request)
                request.session[IDLE_FLAG] = minutes
                return self.signed_out(request, minutes)
            if not is_background(request):
                touch(request)
        return self.get_response(request)

    def signed_out(self, request: HttpRequest, minutes: int) -> HttpResponse:
        from portal.commands import wants_json

        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        if wants_json(request) or request.path.startswith("/api/"):
            return JsonResponse({"detail": _("You were signed out after %(n)s minutes without activity. Sign in "
                                             "again.") % {"n": minutes}, "code": "signed_out"}, status=401)
        return self.get_response(request)  # anonymous now: the login-required middleware sends it to sign in
