from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_PANEL, PORTAL_ADMIN_ONLY

# Technical sections (lockout records, Celery schedules, API tokens, directory-synced groups, raw notifications):
# only portal admins open them, whatever model permissions a per-user override might add.
TECHNICAL_APPS = {"axes", "django_celery_beat", "authtoken", "auth", "notifications"}


def is_portal_admin(user) -> bool:
    return user.is_active and user.has_perm(PORTAL_ADMIN_ONLY)


class TechnicalSectionMixin:
    """Mixed into the admin of every model of ``TECHNICAL_APPS`` (by ``PortalAdminSite.get_urls``)."""

    def _portal_admin(self, request) -> bool:
        return is_portal_admin(request.user)

    def has_module_permission(self, request):
        return self._portal_admin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._portal_admin(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._portal_admin(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._portal_admin(request) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return self._portal_admin(request) and super().has_delete_permission(request, obj)


class PortalAdminSite(admin.AdminSite):
    """The Django admin as the portal's configuration panel, opened by the matrix's "admin panel" capability
    (not by ``is_staff``, which directory accounts never get). Its index is a page of cards (portal/admin_cards.py)
    above the usual list of sections."""

    site_header = _("Plant Portal administration")
    site_title = _("Plant Portal admin")
    index_title = _("Configuration")
    index_template = "admin/portal_index.html"

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.has_perm(ADMIN_PANEL)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            # Django would send a signed-in user without access to the admin login page; the portal answers 403.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        # One sign-in page for the whole portal (AD, lockout and login history live there); a signed-in user
        # without the capability gets the friendly 403 page instead of a second login form.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    def guard_technical_sections(self) -> None:
        """Give every technical model's admin the portal-admin-only rule (third-party admins included)."""
        for model, model_admin in list(self._registry.items()):
            if model._meta.app_label in TECHNICAL_APPS and not isinstance(model_admin, TechnicalSectionMixin):
                guarded_class = type(f"Technical{type(model_admin).__name__}",
                                     (TechnicalSectionMixin, type(model_admin)), {})
                self._registry[model] = guarded_class(model, self)

    def get_urls(self):
        from .admin_views import capability_overrides, permissions_overview

        self.guard_technical_sections()
        return [
            path("permissions/", self.admin_view(permissions_overview), name="permissions"),
            path("permissions/<int:user_id>/", self.admin_view(capability_overrides), name="user_capabilities"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from .admin_cards import cards_for

        cards = cards_for(request, self)
        extra_context = {
            "cards": [card for card in cards if not card.technical],
            "technical_cards": [card for card in cards if card.technical],
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def each_context(self, request):
        context = super().each_context(request)
        context["is_portal_admin"] = is_portal_admin(request.user)
        return context
