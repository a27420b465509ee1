from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")
    # Navigation and home-dashboard entries (portal.modules.Module); added as the module's pages land.
    modules = ()
