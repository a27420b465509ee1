from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.demo import DemoStep
from portal.modules import Module
from portal.reports import Report
from portal.roles import RECORD_REJECT, VIEW_QUALITY


class QualityConfig(AppConfig):
    name = "quality"
    demo_steps = (DemoStep("quality", "quality.demo.build_demo", order=50),
                  DemoStep("quality history", "quality.demo_history.build_history", order=52))
    verbose_name = _("Quality")
    modules = (
        Module("quality-reject", _("Record a reject"), "quality:reject-entry", "x-octagon", RECORD_REJECT,
               _("Scan the order or job, tap the defect, take a photo."), order=30),
        Module("quality", _("Quality"), "quality:dashboard", "clipboard-check", VIEW_QUALITY,
               _("Rejects, customer returns, SOP tickets, NCRs and CAPAs."), order=31),
        Module("quality-tickets", _("SOP tickets"), "quality:tickets", "flag", None,
               _("Tickets charged to or by your departments: accept, dispute or reassign."), order=32),
    )
    reports = (
        Report("quality-dashboard", _("Quality dashboard"), "quality:dashboard", "bar-chart", VIEW_QUALITY,
               area=_("Quality"), order=10,
               description=_("Rejects and returns by defect code (Pareto), line and week; open tickets and NCRs by "
                             "department and age; escalations this week.")),
    )
    admin_cards = (
        AdminCard("defect-codes", _("Defect codes"), "tags", model="quality.defectcode", order=60,
                  description=_("Main groups and codes of rejects and returns.")),
        AdminCard("quality-escalations", _("Quality escalation steps"), "alarm", model="quality.escalationstep",
                  order=61, description=_("Response time of SOP tickets and who is told when NCRs are overdue.")),
    )
    notification_kinds = {"quality.dispute": _("SOP ticket disputed"),
                          "quality.ticket_raised": _("SOP ticket raised against your department")}
    audited = (
        {"model": "quality.sopticket"},
        {"model": "quality.defectcode"},
        {"model": "quality.escalationstep"},
        {"model": "quality.internalreject"},
        {"model": "quality.customerreturn"},
        {"model": "quality.returnphoto"},
        {"model": "quality.ncr"},
        {"model": "quality.capa"},
    )

    def ready(self):
        from portal.commands import guard_floor_records

        from .models import CustomerReturn, InternalReject, ReturnPhoto

        # recorded on the floor only through quality.services.floor (portal.commands.receive)
        guard_floor_records(InternalReject, CustomerReturn, ReturnPhoto)
