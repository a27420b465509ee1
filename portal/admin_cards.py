"""The admin panel's landing page: cards, declared on each app's AppConfig like ``portal/modules.py``.

    class DowntimeConfig(AppConfig):
        admin_cards = (AdminCard("categories", _("Downtime categories"), "tags", model="downtime.category"),)

A card opens either a model's admin list (``model``: shown when the viewer may view or change it in the admin,
so the same rules as the admin itself, including the technical sections) or a page by URL name (``url_name``
plus ``permission``). A user sees a card only when they may open it; nothing registers by import.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin

from .modules import reverse_or_empty


@dataclass(frozen=True)
class AdminCard:
    key: str
    title: str  # a lazy translation
    icon: str  # a Bootstrap Icons name
    model: str = ""  # "app_label.model": the card opens its admin list
    url_name: str = ""  # or a page by URL name, guarded by ``permission``
    permission: str | None = None
    description: str = ""
    technical: bool = False  # listed under "Technical" (portal admins only, see admin_site.TECHNICAL_APPS)
    order: int = 100

    def _model_admin(self, site):
        if not self.model:
            return None
        try:
            model = apps.get_model(self.model)
        except LookupError:
            return None
        return site._registry.get(model)

    def url(self, site=None) -> str:
        if self.model:
            app_label, model_name = self.model.split(".")
            return reverse_or_empty(f"{(site or admin.site).name}:{app_label}_{model_name}_changelist")
        return reverse_or_empty(self.url_name)

    def visible_to(self, request, site=None) -> bool:
        site = site or admin.site
        if not self.url(site):
            return False
        if self.model:
            model_admin = self._model_admin(site)
            return bool(model_admin and model_admin.has_view_or_change_permission(request))
        return self.permission is None or request.user.has_perm(self.permission)


def all_cards() -> list[AdminCard]:
    found = [card for config in apps.get_app_configs() for card in getattr(config, "admin_cards", ())]
    return sorted(found, key=lambda c: (c.technical, c.order, c.key))


def cards_for(request, site=None) -> list[AdminCard]:
    """The cards ``request.user`` may open, configuration first, technical sections last."""
    return [card for card in all_cards() if card.visible_to(request, site)]
