from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    # No menu or dashboard entry: the bell in the header (templates/notifications/partials/bell.html) is the way in.
    modules = ()

    def ready(self) -> None:
        from portal.lists.signals import export_ready
        from portal.workflow.signals import escalated, transitioned

        from .services import clear_escalations, raise_escalation, raise_export_ready

        escalated.connect(raise_escalation, dispatch_uid="notifications-raise-escalations")
        transitioned.connect(clear_escalations, dispatch_uid="notifications-clear-escalations")
        export_ready.connect(raise_export_ready, dispatch_uid="notifications-export-ready")
