from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.demo import DemoStep
from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.reports import Report
from portal.roles import SHORTAGE_REPORT, UPDATE_SCHEDULING, USE_MRP, VIEW_REPORTS


class MrpConfig(AppConfig):
    name = "mrp"
    demo_steps = (DemoStep("first MRP run", "mrp.demo.first_run", order=90, in_transaction=False),)
    verbose_name = _("MRP")
    # Seed 000's module sections (docs/access.md): the dashboard is Scheduling_Admin's and the portal admins'
    # (portal.use_mrp); the purchasing shortage report stays open to Scheduling_User (portal.view_shortage_report).
    modules = (
        Module("mrp", _("MRP"), "mrp:dashboard", "boxes", USE_MRP,
               _("Open sales-order lines allocated against stock, jobs, BOMs and open POs."), order=30),
    )
    # The customer summary is for Scheduling_Admin and the portal admins only (seed 000): exactly the holders
    # of portal.update_scheduling, so that capability guards it rather than a new one.
    reports = (
        Report("mrp-shortages", _("Purchasing shortage report"), "mrp:shortages", "cart-x", SHORTAGE_REPORT,
               area=_("Materials"), description=_("Component shortfalls of the latest MRP run, by urgency.")),
        Report("mrp-customer", _("MRP customer summary"), "mrp:customer-summary", "people", UPDATE_SCHEDULING,
               area=_("Materials"), description=_("On track, at risk and critical lines of one customer.")),
        Report("shipment-forecast", _("Shipment forecast"), "mrp:shipment-forecast", "calendar-check",
               VIEW_REPORTS, area=_("Sales"), description=_("Lines due this month: likely to ship or at risk.")),
    )
    periodic_tasks = (
        PeriodicTaskSpec("MRP refresh", "mrp.tasks.scheduled_run", crontab="15 * * * *",
                         description=_("Runs the MRP engine every hour so the MRP pages stay fresh.")),
    )
    audit_exempt = {
        "mrp.mrprun": "computed MRP results (engine output), rebuilt by every run, not user-entered data",
        "mrp.mrpline": "computed MRP results (engine output), rebuilt by every run, not user-entered data",
        "mrp.mrpshortage": "computed MRP results (engine output), rebuilt by every run, not user-entered data",
    }
