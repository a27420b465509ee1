from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.capabilities import CapabilityGroup
from portal.demo import DemoStep
from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.reports import Report
from portal.roles import LASER_EDIT_PRESETS, LASER_LOG_RUNS, LASER_MANAGE

LOG_RUNS = LASER_LOG_RUNS
MANAGE = LASER_MANAGE
EDIT_PRESETS = LASER_EDIT_PRESETS


class LaserConfig(AppConfig):
    name = "laser"
    demo_steps = (DemoStep("laser shop", "laser.demo.build_demo", order=60),
                  DemoStep("laser history", "laser.demo_history.build_history", order=62),
                  DemoStep("laser run under way", "laser.demo.start_current_run", order=63))
    verbose_name = _("Laser job shop")
    reference_data = ("laser.migrations.0002_default_thresholds.add_defaults",
                      "laser.migrations.0007_follow_up_templates.add_templates")
    modules = (
        Module("laser", _("Laser job shop"), "laser:home", "lightning-charge", LOG_RUNS,
               _("Projects through their stages, phone run logging, sheet inventory, presets and the daily "
                 "report."), order=70),
    )
    reports = (
        Report("laser-daily", _("Laser daily report"), "laser:reports", "file-earmark-text", MANAGE,
               area=_("Laser job shop"), description=_("Yesterday's runs by operator and machine, sheets used by "
                                                       "material, stock warnings and stuck projects.")),
    )
    admin_cards = (
        AdminCard("laser-thresholds", _("Laser stage escalations"), "hourglass-split",
                  model="laser.stagethreshold", order=75,
                  description=_("How long a project may sit in a stage before managers are told.")),
        AdminCard("laser-clients", _("Laser clients"), "people", model="laser.client", order=76,
                  description=_("Clients, their language and preferred channel for follow-ups.")),
        AdminCard("laser-follow-ups", _("Laser follow-up templates"), "chat-left-text",
                  model="laser.followuptemplate", order=76,
                  description=_("The client message each stage's escalation drafts, per language.")),
        AdminCard("laser-extra-operators", _("Laser extra operators"), "person-badge", model="laser.extraoperator",
                  order=77, description=_("People named on runs who have no login.")),
    )
    notification_kinds = {
        "laser.low_stock": _("Low sheet stock"),
        "laser.material_block": _("Material block"),
    }
    # After signing in, a laser role chooses phone or PC mode (kept per device); other roles land as before.
    sign_in_landing = "laser.views.home.landing_after_sign_in"
    capability_groups = (
        CapabilityGroup("laser", _("Laser job shop"), (LOG_RUNS, MANAGE, EDIT_PRESETS), order=70),
    )
    audited = (
        {"model": "laser.client"},
        {"model": "laser.project"},
        {"model": "laser.stagethreshold"},
        {"model": "laser.followuptemplate"},
        {"model": "laser.outbounddraft"},
        {"model": "laser.extraoperator"},
        {"model": "laser.preset"},
        {"model": "laser.inventoryitem"},
        {"model": "laser.stockmovement"},
        {"model": "laser.laserrun", "m2m_fields": {"extra_operators"}},
    )
    audit_exempt = {
        "laser.dailyreport": "a generated summary of audited runs and stock, regenerated on demand, not entered data",
    }

    def ready(self):
        from django.db.models.signals import post_save

        from portal.commands import guard_floor_records

        from .models import InventoryItem, LaserRun, Project
        from .services.inventory import item_saved
        from .services.projects import project_saved

        # A run is started only through services.runs.start_run (portal.commands.receive), page and API alike.
        guard_floor_records(LaserRun)
        # Whoever saves an item or a project (pages, admin, imports), stock levels and material blocks follow.
        post_save.connect(item_saved, sender=InventoryItem, dispatch_uid="laser.item_saved")
        post_save.connect(project_saved, sender=Project, dispatch_uid="laser.project_saved")

    @property
    def periodic_tasks(self):
        # Read in the shop's zone (its facility's), so 07:30 stays 07:30 in Johannesburg when the server's zone
        # changes to DST. Written to the beat row by sync_periodic_tasks: run it again after changing that zone.
        return (
            PeriodicTaskSpec("Laser daily report", "laser.tasks.generate_daily_report", crontab="30 7 * * *",
                             timezone=_shop_zone_name(),
                             description="Yesterday's laser runs, sheets, stock warnings and stuck projects."),
            PeriodicTaskSpec("Laser stock check", "laser.tasks.check_stock", crontab="0 */6 * * *",
                             description="Low sheet stock and material blocks, raised or cleared every 6 hours."),
        )


def _shop_zone_name() -> str:
    """The shop's zone for its beat row; the portal's while the database cannot be read (before ``migrate``, or
    where database access is blocked, as in a test without a database: RuntimeError)."""
    from django.db import DatabaseError

    from .services import shop_zone

    try:
        return str(shop_zone())
    except (DatabaseError, RuntimeError):
        return settings.TIME_ZONE
