from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.demo import DemoStep
from portal.modules import Module
from portal.reports import Report
from portal.roles import REPORT_DOWNTIME, VIEW_REPORTS


class DowntimeConfig(AppConfig):
    name = "downtime"
    demo_steps = (DemoStep("downtime", "downtime.demo.build_demo", order=30),
                  DemoStep("downtime history", "downtime.demo_history.build_history", order=32))
    verbose_name = _("Downtime")
    modules = (
        Module("downtime", _("Report downtime"), "downtime:entry", "stopwatch", REPORT_DOWNTIME,
               _("Record line stops from the floor tablet, even when the Wi-Fi drops."), order=10),
    )
    reports = (
        Report("downtime-summary", _("Downtime summary"), "downtime:summary", "bar-chart-line", VIEW_REPORTS,
               area=_("Production"), order=10,
               description=_("Downtime by category (Pareto), line, shift and day, with the events and Excel export.")),
    )
    admin_cards = (
        AdminCard("categories", _("Downtime categories"), "tags", model="downtime.category", order=40,
                  description=_("Main and sub reasons, colours and who is notified.")),
        AdminCard("quick-notes", _("Quick notes"), "chat-square-text", model="downtime.quicknote", order=45),
    )
    notification_kinds = {"downtime.event": _("Downtime stop")}  # notifications/kinds.py
    audited = (
        {"model": "downtime.downtimeevent"},
        {"model": "downtime.category", "m2m_fields": {"notify_groups"}},
        {"model": "downtime.quicknote"},
        {"model": "downtime.faultreason"},  # which machine fault code means which reason
    )

    def ready(self):
        from portal.commands import guard_floor_records

        from .models import DowntimeEvent

        guard_floor_records(DowntimeEvent)  # recorded only through portal.commands.receive (services/events.py)
