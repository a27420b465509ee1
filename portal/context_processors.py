from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .auth.idle import TIMEOUT_KEY
from .modules import modules_for

NAV_INLINE = 5  # modules shown in the top bar; the rest under "More" (a portal admin has 15: they ran off screen)


def split_nav(modules, path: str) -> dict:
    """The top bar's modules: the first ``NAV_INLINE`` inline, the others in the "More" menu (active when the page
    is one of them). One more than fits is shown inline rather than alone under "More"."""
    modules = list(modules)
    cut = len(modules) if len(modules) <= NAV_INLINE + 1 else NAV_INLINE

    def active(module) -> bool:
        return module.url != "/" and path.startswith(module.url)

    inline = [(module, active(module)) for module in modules[:cut]]
    more = [(module, active(module)) for module in modules[cut:]]
    return {"inline": inline, "more": more, "more_active": any(flag for _m, flag in more)}


def shell(request):
    """What the page shell needs on every page: the user's modules, theme and UI mode."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        theme = request.COOKIES.get("theme", "light")
        return {"portal_modules": [], "portal_nav": {}, "portal_theme": theme, "portal_ui_mode": "desktop"}
    return {
        # Lazy: htmx fragments (the bell, list refreshes) never pay for the menu's permission checks.
        "portal_modules": SimpleLazyObject(lambda: modules_for(user)),
        "portal_nav": SimpleLazyObject(lambda: split_nav(modules_for(user), request.path)),
        "portal_theme": user.theme,
        "portal_ui_mode": user.ui_mode,
        "portal_languages": settings.LANGUAGES,
        # shared tablets: the page's idle countdown (portal/auth/idle.py); 0 for users without a timeout
        "portal_idle_timeout": request.session.get(TIMEOUT_KEY, 0) if hasattr(request, "session") else 0,
        "portal_idle_warning": settings.IDLE_TIMEOUT_WARNING_SECONDS,
    }
