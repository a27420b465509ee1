from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")
    # Navigation and home-dashboard entries (portal.modules.Module); added as the module's pages land.
    modules = ()
