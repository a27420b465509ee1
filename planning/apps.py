from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Job planning (issue 11): local production orders, their stages on lines/machines, capacity and exceptions.

    A separate app from ``scheduling``, which is the read-only projection grid over the ERP's open sales orders:
    planning owns local data (routings, orders, schedules) with its own roles and writes.
    """

    name = "planning"
    verbose_name = _("Job planning")
