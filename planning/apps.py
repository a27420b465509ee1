from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.reports import Report
from portal.roles import VIEW_PLANNING


class PlanningConfig(AppConfig):
    """Job planning (issue 11): local production orders, their stages on lines/machines, capacity and exceptions.

    A separate app from ``scheduling``, which is the read-only projection grid over the ERP's open sales orders:
    planning owns local data (routings, orders, schedules) with its own roles and writes.
    """

    name = "planning"
    verbose_name = _("Job planning")
    modules = (
        Module("planning", _("Job planning"), "planning:dashboard", "kanban", VIEW_PLANNING,
               _("Orders scheduled to lines and machines against capacity, with exceptions."), order=35),
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
        {"model": "planning.planexception"},
        {"model": "planning.reallocation"},
    )
