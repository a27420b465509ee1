from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .auth.idle import TIMEOUT_KEY
from .modules import modules_for


def shell(request):
    """What the page shell needs on every page: the user's modules, theme and UI mode."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        theme = request.COOKIES.get("theme", "light")
        return {"portal_modules": [], "portal_theme": theme, "portal_ui_mode": "desktop"}
    return {
        # Lazy: htmx fragments (the bell, list refreshes) never pay for the menu's permission checks.
        "portal_modules": SimpleLazyObject(lambda: modules_for(user)),
        "portal_theme": user.theme,
        "portal_ui_mode": user.ui_mode,
        "portal_languages": settings.LANGUAGES,
        # shared tablets: the page's idle countdown (portal/auth/idle.py); 0 for users without a timeout
        "portal_idle_timeout": request.session.get(TIMEOUT_KEY, 0) if hasattr(request, "session") else 0,
        "portal_idle_warning": settings.IDLE_TIMEOUT_WARNING_SECONDS,
    }
