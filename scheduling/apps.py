from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.roles import VIEW_SCHEDULING


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")
    # Navigation and home-dashboard entries (portal.modules.Module).
    modules = (
        Module("scheduling", _("Scheduling"), "scheduling:grid", "calendar-week", VIEW_SCHEDULING,
               _("Open sales orders with the planners' projections and the financial summary."), order=20),
    )
    admin_cards = (
        AdminCard("aging-buckets", _("FG aging buckets"), "hourglass-split", model="scheduling.agingbucket", order=110,
                  description=_("Date buckets of the finished-goods value cards.")),
    )
    periodic_tasks = (
        PeriodicTaskSpec(
            "Archive projections of closed SO lines",
            "scheduling.tasks.archive_closed_projections",
            crontab="15 * * * *",  # hourly: the grid only shows open lines, this keeps the flag in step
            description="Marks projections whose sales-order line closed in the ERP as archived (never deleted); "
                        "un-archives those whose line reopened.",
        ),
    )
    audited = (
        {"model": "scheduling.projection"},
        {"model": "scheduling.agingbucket"},
    )
    audit_exempt = {
        "scheduling.projectionchange": "the projections' own history (who, when, field, old, new); append-only",
        "scheduling.gridpreference": "a user's column layout, not business data",
    }
