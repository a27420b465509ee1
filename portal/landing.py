"""Where a user lands after signing in (when the sign-in page was not given a ``next``).

An app may declare, on its AppConfig, the dotted path of a function ``(request) -> str | None``::

    sign_in_landing = "laser.views.home.landing_after_sign_in"

The first app (INSTALLED_APPS order) whose function answers a URL decides; when none does, the user lands on the
portal's home page as always. A function answers None for every user it is not about, so an app's landing never
changes another role's.
"""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest
from django.utils.module_loading import import_string


def landing_url(request: HttpRequest) -> str | None:
    for config in apps.get_app_configs():
        path = getattr(config, "sign_in_landing", None)
        if path:
            url = import_string(path)(request)
            if url:
                return url
    return None
