from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MrpConfig(AppConfig):
    name = "mrp"
    verbose_name = _("MRP")
    # Navigation and home-dashboard entries (portal.modules.Module); added as the module's pages land.
    modules = ()
