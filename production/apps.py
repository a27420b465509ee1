"""Production orders: IN/OUT movements of orders at work centers, with balances (seed 002).

A separate app from ``scheduling``: the scheduling grid plans ERP sales-order lines against shipments, while this
module records what physically moves through the work centers (an append-only ledger), which job planning, OEE
and maintenance read as actual output.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.demo import DemoStep
from portal.labels.kinds import LabelKind, LabelSource
from portal.modules import Module
from portal.reports import Report
from portal.roles import PRODUCTION_REPORT, RECORD_MOVEMENT

RECORD = RECORD_MOVEMENT
REPORT = PRODUCTION_REPORT


class ProductionConfig(AppConfig):
    name = "production"
    demo_steps = (DemoStep("production ledger", "production.demo.build_demo", order=40),
                  DemoStep("production history", "production.demo_history.build_history", order=42))
    verbose_name = _("Production orders")
    modules = (
        Module("production", _("Production IN/OUT"), "production:floor", "box-arrow-in-right", RECORD,
               _("Record orders coming in to and going out of your work centers, from a phone."), order=15),
    )
    label_kinds = (LabelKind("order", _("Production orders"), "production.labels.find_orders", order=10),)
    label_sources = (LabelSource("production-orders", "order", REPORT, "production.labels.report_order_codes"),)
    reports = (
        Report("production-balances", _("Production balance report"), "production:report", "clipboard-data",
               REPORT, area=_("Production"), order=20,
               description=_("IN, OUT and balance by work center, order, department, user and dates; Excel export.")),
        Report("oee", _("OEE by line and shift"), "production:oee", "speedometer2", REPORT, area=_("Production"),
               order=25, description=_("Availability, performance and quality per line and shift, day or week, "
                                       "with their inputs and the losses; Excel export.")),
        Report("production-movements", _("Production movements"), "production:movements", "list-ul", REPORT,
               area=_("Production"), order=21,
               description=_("Every IN and OUT: who, when, overrides and corrections with their reasons.")),
    )
    admin_cards = (
        AdminCard("production-orders", _("Production orders"), "box-seam", model="production.productionorder",
                  order=120, description=_("Orders and their ERP job links.")),
    )
    audited = (
        {"model": "production.movement"},
        {"model": "production.productionorder"},
        {"model": "production.andonboard"},
    )
    audit_exempt = {"production.balance": "a running total kept from the audited movements, not entered by anyone"}

    def ready(self):
        from portal.commands import guard_floor_records

        from .models import Movement

        # a movement (or a correction) created while serving a page or API request outside portal.commands.receive
        # is an error: every floor write goes through production.services.ledger
        guard_floor_records(Movement)
