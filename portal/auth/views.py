"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import open_to_all_users

from .forms import SignInForm
from .idle import IDLE_FLAG, remaining, touch
from .sessions import ENDED_FLAG


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Directory or local account; lockout (django-axes), the user's language, a safe ``next``."""

    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # The old browser of a user who signed in elsewhere lands here: say why, once.
        # Only a page view takes the reason (a HEAD or a POST leaves it for the page the person will see).
        showing = request.method == "GET"
        if showing and request.session.pop(ENDED_FLAG, False):
            messages.warning(
                request, _("You were signed out because your account signed in on another device.")
            )
        minutes = request.session.pop(IDLE_FLAG, None) if showing else None
        if minutes is not None:
            messages.info(request, _("You were signed out after %(n)s minutes without activity. Entries waiting "
                                     "on this device are kept and sent when their author signs in again.")
                          % {"n": minutes})
        return super().dispatch(request, *args, **kwargs)

    def get_redirect_url(self):
        # ``next`` pointing back at this page would loop (Django raises for a signed-in user): go home instead.
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url

    def get_success_url(self):
        # No ``next`` (or the home page, where a bookmark of the portal sends everyone): a module may send its own
        # users to their start page (portal/landing.py); other users land where they always did.
        from portal.landing import landing_url

        url = self.get_redirect_url()
        home = resolve_url(settings.LOGIN_REDIRECT_URL)
        if not url or urlsplit(url).path == home:
            return landing_url(self.request) or url or home
        return url

    def form_valid(self, form):
        response = super().form_valid(form)
        # The user's language from their profile, from the first page on (and for the next anonymous visit). The
        # first sign-in has none yet: the browser's (a Spanish tablet signs in to a Spanish portal), kept from then.
        user = self.request.user
        if not user.language:
            user.language = first_language(self.request)
            user.save(update_fields=["language"])
        language = user.language
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


class SignOutView(auth_views.LogoutView):
    """POST only (a link or a prefetch must not sign anyone out)."""

    open_to_all_users = True

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.info(request, _("You have signed out."))
        return response


def first_language(request) -> str:
    """The portal's language closest to the browser's (its cookie, then Accept-Language), English otherwise."""
    supported = {code for code, _name in settings.LANGUAGES}
    language = translation.get_language_from_request(request)[:2]
    return language if language in supported else "en"


@open_to_all_users
@require_POST
def keepalive(request):
    """The page's "I am here" (a tap or a key, throttled by static/portal/idle-timeout.js): the user's activity
    restarts the idle clock. Answers the seconds left (null: no idle timeout for this user)."""
    if remaining(request) is not None:
        touch(request, force=True)
    left = remaining(request)
    return JsonResponse({"remaining": None if left is None else round(left)})

