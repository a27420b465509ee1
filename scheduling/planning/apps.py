from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.demo import DemoStep
from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.reports import Report
from portal.roles import VIEW_PLANNING, WORK_OPERATIONS


class PlanningConfig(AppConfig):
    """Job planning (issue 11): local production orders, their stages on lines/machines, capacity and exceptions.

    Part of the scheduling domain (the forward schedule beside the projections grid), kept as its own Django app
    inside ``scheduling/``: the projection grid is read-only over the ERP, while planning owns local data (routings,
    orders, schedules) with its own roles, writes and migration history.
    """

    name = "scheduling.planning"
    label = "planning"  # tables, migrations and permission codenames keep the label they were created with
    demo_steps = (DemoStep("job planning", "scheduling.planning.demo.build_demo", order=70),)
    verbose_name = _("Job planning")
    modules = (
        Module("planning", _("Job planning"), "planning:dashboard", "kanban", VIEW_PLANNING,
               _("Orders scheduled to lines and machines against capacity, with exceptions."), order=35),
        Module("my-operations", _("My operations"), "planning:my-operations", "person-workspace", WORK_OPERATIONS,
               _("The operations planned for you this shift: start, record good and scrap, pause, finish."),
               order=12),
    )
    reports = (
        Report("planning-utilization", _("Line utilization"), "planning:utilization", "speedometer2", VIEW_PLANNING,
               area=_("Production"), description=_("Planned load against capacity and actual output per day.")),
    )
    periodic_tasks = (
        PeriodicTaskSpec("Planning exceptions", "planning.tasks.detect_exceptions", crontab="*/15 * * * *",
                         description=_("Looks for late orders, over-capacity days, short quantities and orders "
                                       "waiting on material, and notifies the planners.")),
    )
    notification_kinds = {"planning.exception": _("Planning exception"),
                          "planning.exception_assigned": _("Planning exception assigned to you")}
    audited = (
        {"model": "planning.routing"},
        {"model": "planning.routingstage"},
        {"model": "planning.planningorder"},
        {"model": "planning.orderitem"},
        {"model": "planning.operation"},
        {"model": "planning.capacityoverride"},
        {"model": "planning.capacitytarget"},
        {"model": "planning.planexception"},
        {"model": "planning.reallocation"},
    )
