from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
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

    def login(self, request, extra_context=None):
        # One sign-in page for the whole portal (AD, lockout and login history live there).
        return redirect_to_login(request.get_full_path())
