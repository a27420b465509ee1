from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's site class (kept apart: loaded before the app registry is ready)."""

    default_site = "portal.admin_site.PortalAdminSite"
