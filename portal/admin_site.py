from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_PANEL


class PortalAdminSite(admin.AdminSite):
    """The Django admin as the portal's configuration panel, opened by the matrix's "admin panel" capability
    (not by ``is_staff``, which directory accounts never get)."""

    site_header = _("Plant Portal administration")
    site_title = _("Plant Portal admin")
    index_title = _("Configuration")

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
