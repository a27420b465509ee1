"""Preventive maintenance plans: per machine, by calendar or by meter, with checklist steps."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Machine
from portal.models.base import DeactivatableModel
from portal.models.translated import TranslatedMixin, spanish_of

from .config import Priority


class PreventivePlan(TranslatedMixin, DeactivatableModel):
    """Open a preventive ticket for ``machine`` every ``interval`` days / running hours / produced units.

    The periodic task opens one ticket per due slot (a unique key per plan and slot), so a second run, or two
    beats at once, open nothing more.
    """

    class Trigger(models.TextChoices):
        DAYS_SINCE_DONE = "days_since_done", _("Every N days after the last completion")
        FIXED_DATES = "fixed_dates", _("Every N days on fixed dates")
        RUNNING_HOURS = "running_hours", _("Every N running hours")
        PRODUCED_UNITS = "produced_units", _("Every N produced units")

    machine = models.ForeignKey(Machine, models.PROTECT, related_name="preventive_plans", verbose_name=_("machine"))
    name = models.CharField(_("name"), max_length=120)
    name_es = spanish_of(_("name"), max_length=120)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices, default=Trigger.DAYS_SINCE_DONE)
    interval = models.PositiveIntegerField(_("every N"), validators=[MinValueValidator(1)],
                                           help_text=_("Days, running hours or produced units, by the trigger."))
    start_date = models.DateField(
        _("start date"), help_text=_("First due date of a fixed-date plan; the meters and day counts start here "
                                     "until the plan is completed once."))
    priority = models.ForeignKey(Priority, models.PROTECT, related_name="+", verbose_name=_("priority"))
    instructions = models.TextField(_("instructions"), blank=True)
    last_completed_at = models.DateTimeField(_("last completed"), null=True, blank=True,
                                             help_text=_("Set when a ticket of this plan is finished."))

    class Meta:
        ordering = ["machine__line__code", "machine__code", "name"]
        verbose_name = _("preventive plan")
        verbose_name_plural = _("preventive plans")

    def __str__(self) -> str:
        return f"{self.machine.code} · {self.localized_name}"


class PlanStep(TranslatedMixin, models.Model):
    """A checklist step copied onto every ticket the plan opens (ticked there with who and when)."""

    plan = models.ForeignKey(PreventivePlan, models.CASCADE, related_name="steps", verbose_name=_("plan"))
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    text = models.CharField(_("step"), max_length=200)
    text_es = spanish_of(_("step"), max_length=200)
    translated_fields = ("text",)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")

    def __str__(self) -> str:
        return self.text
