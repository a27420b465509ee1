from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .modules import Module
from .periodic import PeriodicTaskSpec
from .roles import VIEW_REPORTS


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Plant Portal")
    # Home-dashboard cards and navigation entries this app contributes (see portal/modules.py).
    modules = (
        Module("reports", _("Reports"), "reports-hub", "file-earmark-bar-graph", VIEW_REPORTS,
               _("Every report you may open, by area."), order=90),
    )
    notification_kinds = {"portal.export_ready": _("Export ready")}  # notifications/kinds.py
    # Celery beat schedule this app contributes (portal/periodic.py; admins may re-time them in the admin).
    periodic_tasks = (
        PeriodicTaskSpec(
            "Purge login history older than a year",
            "portal.tasks.purge_login_history",
            crontab="0 3 * * 0",  # Sundays 03:00, plant time
            kwargs={"days": 365},
            description="Deletes login history (portal.LoginEvent) older than `days` days.",
        ),
        PeriodicTaskSpec(
            "Purge old Excel exports",
            "portal.tasks.purge_exports",
            crontab="15 2 * * *",  # daily 02:15, plant time
            description="Deletes background exports and their files older than EXPORT_RETENTION_DAYS.",
        ),
        PeriodicTaskSpec(
            "Send tasks kept while the broker was down",
            "portal.tasks.flush_outbox",
            crontab="* * * * *",
            description="Hands the tasks kept in the outbox (portal.OutboxTask) to the broker once it answers again.",
        ),
        PeriodicTaskSpec(
            "Purge unconfirmed import uploads",
            "portal.tasks.purge_pending_imports",
            crontab="*/15 * * * *",
            description="Deletes uploaded import files older than IMPORT_PENDING_MINUTES that were never confirmed.",
        ),
    )

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connect receivers once, at start-up)
        from .audit import register_app_audits
        from .observability import metrics, requestid
        from .roles import sync_roles_after_migrate

        register_app_audits()
        requestid.connect_celery_signals()
        from .queue import connect_worker_signal

        connect_worker_signal()
        metrics.connect_celery_signals()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="portal.sync_roles")
