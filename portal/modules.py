"""The portal's modules as the navigation and the home dashboard show them.

Each app declares its entries on its AppConfig (``modules = (Module(...), ...)``); nothing registers by import.
A user sees an entry only when they hold its permission, so the menu never offers a page that answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def reverse_or_empty(url_name: str) -> str:
    """The URL of a page, or "" when its app has not built it yet (such entries are not shown)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class Module:
    key: str
    title: str  # a lazy translation
    url_name: str
    icon: str  # a Bootstrap Icons name, e.g. "stopwatch"
    permission: str | None = None  # None: every signed-in user
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse_or_empty(self.url_name)


def all_modules() -> list[Module]:
    found = [m for config in apps.get_app_configs() for m in getattr(config, "modules", ())]
    return sorted(found, key=lambda m: (m.order, m.key))


def modules_for(user) -> list[Module]:
    if not user.is_authenticated:
        return []
    return [m for m in all_modules() if m.url and (m.permission is None or user.has_perm(m.permission))]
