"""Maintenance (issue 14): tickets with priorities and SLA clocks in working time, preventive plans by calendar or
meter, the technician's phone page, MTBF/MTTR per machine, and the link from downtime stops."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.demo import DemoStep
from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.reports import Report
from portal.roles import REPORT_MAINTENANCE, VIEW_MAINTENANCE, WORK_MAINTENANCE

VIEW = VIEW_MAINTENANCE
WORK = WORK_MAINTENANCE
REPORT = REPORT_MAINTENANCE


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    reference_data = ("maintenance.migrations.0002_default_priorities.add_levels",)
    demo_steps = (DemoStep("maintenance", "maintenance.demo.build_demo", order=80),
                  DemoStep("maintenance history", "maintenance.demo_history.build_history", order=84))
    verbose_name = _("Maintenance")
    modules = (
        Module("maintenance-my", _("My maintenance tickets"), "maintenance:my", "wrench-adjustable", WORK,
               _("Your tickets by priority and SLA time left; start, pause and finish from the phone."), order=40),
        Module("maintenance-report", _("Report a maintenance problem"), "maintenance:report", "exclamation-triangle",
               REPORT, _("A machine or line needs maintenance: line, machine (scan its label), problem, photo."),
               order=39),
        Module("maintenance", _("Maintenance"), "maintenance:dashboard", "tools", VIEW,
               _("Open tickets by priority and age, SLA compliance, MTBF/MTTR, preventive plans due."), order=41),
    )
    reports = (
        Report("maintenance-dashboard", _("Maintenance dashboard"), "maintenance:dashboard", "tools", VIEW,
               area=_("Maintenance"), order=50,
               description=_("Open tickets by priority and age, SLA compliance %, plans due this week.")),
        Report("maintenance-tickets", _("Maintenance tickets"), "maintenance:tickets", "list-check", VIEW,
               area=_("Maintenance"), order=51, description=_("Every ticket with filters and Excel export.")),
        Report("maintenance-reliability", _("MTBF and MTTR per machine"), "maintenance:reliability", "graph-up",
               VIEW, area=_("Maintenance"), order=52,
               description=_("Mean time between failures and to repair, from corrective tickets and unplanned "
                             "downtime only; Excel export.")),
    )
    admin_cards = (
        AdminCard("maintenance-priorities", _("Maintenance priorities and SLA"), "flag", model="maintenance.priority",
                  order=80, description=_("Priority levels with response and resolution targets in working hours.")),
        AdminCard("maintenance-plans", _("Preventive maintenance plans"), "calendar-check",
                  model="maintenance.preventiveplan", order=81,
                  description=_("Per machine: every N days, running hours or produced units, with checklist steps.")),
    )
    periodic_tasks = (
        PeriodicTaskSpec("Open due preventive maintenance tickets", "maintenance.tasks.generate_preventive_tickets",
                         crontab="5 * * * *",
                         description="Opens one ticket per preventive plan and due slot (safe to run twice)."),
    )
    audited = (
        {"model": "maintenance.priority"},
        {"model": "maintenance.preventiveplan"},
        {"model": "maintenance.planstep"},
        {"model": "maintenance.ticket"},
        {"model": "maintenance.labourentry"},
        {"model": "maintenance.partused"},
        {"model": "maintenance.ticketphoto"},
        {"model": "maintenance.checklistitem"},
        {"model": "maintenance.downtimelink"},
    )

    def ready(self) -> None:
        from portal.commands import guard_floor_records

        from .models import LabourEntry, PartUsed, Ticket, TicketPhoto

        # Reported from the floor and worked on from the phone, the ticket page and the API: created only through
        # the core receiver while a request is served (maintenance/services/commands.py, services/tickets.py).
        guard_floor_records(Ticket, LabourEntry, PartUsed, TicketPhoto)
