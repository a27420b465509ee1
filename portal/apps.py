from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .admin_cards import AdminCard
from .capabilities import CapabilityGroup
from .labels.kinds import LabelKind
from .lists.signals import EXPORT_READY_KIND
from .modules import Module
from .periodic import PeriodicTaskSpec
from .reports import Report
from .roles import (
    ADMIN_PANEL,
    CUSTOMER_ANALYSIS,
    MANAGE_PERMISSIONS,
    PRINT_LABELS,
    REPORT_DOWNTIME,
    SHORTAGE_REPORT,
    UPDATE_SCHEDULING,
    USE_MRP,
    VIEW_BOM,
    VIEW_METRICS,
    VIEW_PO,
    VIEW_REPORTS,
    VIEW_SCHEDULING,
    VIEW_USERS,
)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Plant Portal")
    # Home-dashboard cards and navigation entries this app contributes (see portal/modules.py).
    label_kinds = (LabelKind("machine", _("Machines"), "portal.labels.services.find_machines", order=30),)
    reports = (
        Report("labels", _("Barcode and QR labels"), "labels:pick", "upc-scan", PRINT_LABELS, area=_("Production"),
               order=26, description=_("Label PDFs for production orders, ERP jobs, machines and lots: 4x6 in, "
                                       "2x1 in or an A4 sheet of 24.")),
    )
    modules = (
        Module("reports", _("Reports"), "reports-hub", "file-earmark-bar-graph", VIEW_REPORTS,
               _("Every report you may open, by area."), order=90),
    )
    # The admin panel's landing cards (portal/admin_cards.py); technical ones only reach portal admins.
    admin_cards = (
        AdminCard("facilities", _("Facilities"), "building", model="portal.facility", order=10,
                  description=_("Plants, their ERP codes and time zones.")),
        AdminCard("lines", _("Production lines"), "diagram-3", model="portal.productionline", order=20,
                  description=_("Lines of each facility and their ERP line codes.")),
        AdminCard("machines", _("Machines"), "gear-wide-connected", model="portal.machine", order=25,
                  description=_("Machines (assets) of each line and their types.")),
        AdminCard("capacity", _("Production capacity"), "speedometer2", model="portal.productioncapacity", order=30,
                  description=_("Units per shift for each line.")),
        AdminCard("shifts", _("Shifts"), "clock", model="portal.shift", order=50,
                  description=_("Shift times per facility, overnight shifts included.")),
        AdminCard("working-days", _("Working days"), "calendar-week", model="portal.workingdays", order=51,
                  description=_("The weekdays each facility works: plans, SLA clocks and OEE count only their "
                                "shifts.")),
        AdminCard("holidays", _("Holidays"), "calendar-x", model="portal.holiday", order=52,
                  description=_("Days off per facility: no capacity, no planned stage, SLA clocks stop.")),
        AdminCard("departments", _("Departments"), "people", model="portal.department", order=55,
                  description=_("Which lines each department's people see.")),
        AdminCard("users", _("Users"), "person-badge", model="portal.user", order=60,
                  description=_("Accounts, roles and directory groups.")),
        AdminCard("user-activity", _("User activity"), "activity", url_name="user-activity",
                  permission=VIEW_USERS, order=65,
                  description=_("Sign-ins per period, last sign-in, last action; CSV export.")),
        AdminCard("permissions", _("Permissions"), "shield-lock", url_name="admin:permissions",
                  permission=MANAGE_PERMISSIONS, order=70,
                  description=_("Capabilities granted to a user beyond their roles.")),
        AdminCard("audit-log", _("Audit log"), "journal-text", model="auditlog.logentry", order=80,
                  description=_("Every change to plant data: who, what, when.")),
        AdminCard("logins", _("Login history"), "box-arrow-in-right", model="portal.loginevent", order=85,
                  description=_("Sign-ins, failures and lockouts.")),
        AdminCard("lockouts", _("Lockouts"), "lock", model="axes.accessattempt", technical=True, order=10,
                  description=_("Failed sign-in attempts; delete to unlock an account.")),
        AdminCard("periodic-tasks", _("Periodic tasks"), "calendar-event", model="django_celery_beat.periodictask",
                  technical=True, order=20),
        AdminCard("crontabs", _("Crontab schedules"), "calendar3", model="django_celery_beat.crontabschedule",
                  technical=True, order=30),
        AdminCard("intervals", _("Interval schedules"), "stopwatch", model="django_celery_beat.intervalschedule",
                  technical=True, order=40),
        AdminCard("tokens", _("API tokens"), "key", model="authtoken.tokenproxy", technical=True, order=50),
        AdminCard("groups", _("Roles (groups)"), "people-fill", model="auth.group", technical=True, order=60,
                  description=_("Kept in step with the permission matrix.")),
        AdminCard("notifications", _("Notifications"), "bell", model="notifications.notification", technical=True,
                  order=70),
    )
    # The per-user capability form's groups (portal/capabilities.py): the seed matrix's columns, per module.
    capability_groups = (
        CapabilityGroup("administration", _("Administration"), (ADMIN_PANEL, MANAGE_PERMISSIONS, VIEW_METRICS),
                        order=10),
        CapabilityGroup("downtime", _("Downtime"), (REPORT_DOWNTIME,), order=20),
        CapabilityGroup("scheduling", _("Scheduling"), (VIEW_SCHEDULING, UPDATE_SCHEDULING), order=30),
        CapabilityGroup("erp", _("ERP viewers"), (VIEW_BOM, VIEW_PO), order=40),
        CapabilityGroup("mrp", _("MRP and sales"), (USE_MRP, SHORTAGE_REPORT, CUSTOMER_ANALYSIS), order=50),
        CapabilityGroup("reports", _("Reports"), (VIEW_REPORTS,), order=60),
    )
    # notifications/kinds.py
    notification_kinds = {EXPORT_READY_KIND: _("Export ready"), "portal.escalation": _("Escalation")}
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
        PeriodicTaskSpec(
            "Escalate records waiting too long in a state",
            "portal.tasks.evaluate_escalations",
            crontab="*/5 * * * *",
            description="Evaluates every workflow's escalation rules (docs/workflow.md); running it twice sends once.",
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
        from .reference_data import write_after_migrate

        post_migrate.connect(write_after_migrate, dispatch_uid="portal.reference_data")
