"""Capacity targets per day, week or month, for a line or a machine type (seed 003's capacity_targets)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Facility, ProductionLine


class CapacityTarget(models.Model):
    """Units a line (or every machine of a type together) should make per day, week or month from ``valid_from``
    on; the newest target in force replaces the capacity from the shifts for that period on the utilization page.
    A daily target counts on working days only; a week or month shown in part counts its share of working days."""

    class Period(models.TextChoices):
        DAY = "day", _("Day")
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="+", verbose_name=_("facility"))
    line = models.ForeignKey(ProductionLine, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("line"), help_text=_("Leave empty to set a machine type's target."))
    machine_type = models.CharField(_("machine type"), max_length=50, blank=True,
                                    help_text=_("Every machine of this type together."))
    period = models.CharField(_("period"), max_length=5, choices=Period.choices)
    units = models.PositiveIntegerField(_("target units"))
    valid_from = models.DateField(_("in force from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["facility", "line", "machine_type", "period", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=(models.Q(line__isnull=False) & models.Q(machine_type=""))
                                   | (models.Q(line__isnull=True) & ~models.Q(machine_type="")),
                                   name="target_for_a_line_or_a_machine_type"),
            models.UniqueConstraint(fields=["facility", "line", "machine_type", "period", "valid_from"],
                                    name="uniq_capacity_target"),
        ]
        verbose_name = _("capacity target")
        verbose_name_plural = _("capacity targets")

    def __str__(self) -> str:
        return f"{self.line.code if self.line_id else self.machine_type} {self.get_period_display()}: {self.units}"

    def clean(self) -> None:
        if bool(self.line_id) == bool(self.machine_type):
            raise ValidationError(_("A target is for a line or for a machine type: give exactly one."))
        if self.line_id and self.facility_id and self.line.facility_id != self.facility_id:
            raise ValidationError({"line": _("This line belongs to another facility.")})
