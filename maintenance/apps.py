from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    verbose_name = _("Maintenance")
    # Navigation and home-dashboard entries (portal.modules.Module); added as the module's pages land.
    modules = ()
