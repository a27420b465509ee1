from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaserConfig(AppConfig):
    name = "laser"
    verbose_name = _("Laser job shop")
    # Navigation and home-dashboard entries (portal.modules.Module); added as the module's pages land.
    modules = ()
