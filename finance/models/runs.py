"""Cost roll-up runs: who or what asked for a recompute, when it ran, how far it got, and what went wrong."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.runs import BackgroundRun

from .scenarios import Scenario


class CostRun(BackgroundRun):
    class Trigger(models.TextChoices):
        FIRST_USE = "FIRST_USE", _("First opening of the list")
        MANUAL = "MANUAL", _("Recompute button")
        SCHEDULED = "SCHEDULED", _("Nightly run")

    scenario = models.ForeignKey(Scenario, models.CASCADE, null=True, blank=True, related_name="runs",
                                 verbose_name=_("scenario"), help_text=_("Empty: the standard costs."))
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    # True while queued or running: the unique constraint below lets one run at a time exist, whatever the race.
    active = models.BooleanField(_("in progress"), default=True, editable=False)
    total = models.PositiveIntegerField(_("products to cost"), default=0)
    done = models.PositiveIntegerField(_("products costed"), default=0)
    rows = models.PositiveIntegerField(_("rows stored"), null=True, blank=True)

    class Meta:
        verbose_name = _("cost roll-up run")
        verbose_name_plural = _("cost roll-up runs")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True),
                                               name="finance_one_active_cost_run")]

    def __str__(self) -> str:
        return f"{self.scenario or _('standard')} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"
