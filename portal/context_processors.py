from django.conf import settings
from django.utils.functional import SimpleLazyObject

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
    }
