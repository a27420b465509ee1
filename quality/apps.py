from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality")
    # Navigation and home-dashboard entries (portal.modules.Module); added as the module's pages land.
    modules = ()
    audited = ({"model": "quality.sopticket"},)
