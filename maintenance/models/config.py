"""Maintenance configuration kept in the admin: priority levels with their SLA targets, and the plant's working days."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Facility
from portal.models.base import DeactivatableModel
from portal.models.translated import TranslatedMixin, spanish_of


class Priority(TranslatedMixin, DeactivatableModel):
    """A ticket priority level; its SLA targets count working time (the facility's shifts on working days)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_es = spanish_of(_("name"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True, help_text=_("1 is the most urgent."))
    response_hours = models.DecimalField(
        _("response target (working hours)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("Working time from opening until a technician starts the work."))
    resolution_hours = models.DecimalField(
        _("resolution target (working hours)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("Working time from opening until the work is finished."))
    colour = models.CharField(_("colour"), max_length=20, default="secondary",
                              help_text=_("Bootstrap colour of the badge: danger, warning, info, secondary…"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.localized_name


class WorkingDays(models.Model):
    """Which weekdays a facility works (its shifts run); without a row, Monday to Friday."""

    facility = models.OneToOneField(Facility, models.CASCADE, related_name="maintenance_days",
                                    verbose_name=_("facility"))
    monday = models.BooleanField(_("Monday"), default=True)
    tuesday = models.BooleanField(_("Tuesday"), default=True)
    wednesday = models.BooleanField(_("Wednesday"), default=True)
    thursday = models.BooleanField(_("Thursday"), default=True)
    friday = models.BooleanField(_("Friday"), default=True)
    saturday = models.BooleanField(_("Saturday"), default=False)
    sunday = models.BooleanField(_("Sunday"), default=False)

    DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

    class Meta:
        verbose_name = _("working days")
        verbose_name_plural = _("working days")

    def __str__(self) -> str:
        return str(self.facility)

    @property
    def iso_weekdays(self) -> frozenset[int]:
        return frozenset(i for i, day in enumerate(self.DAYS, start=1) if getattr(self, day))


class Holiday(models.Model):
    """A day a facility does not work: SLA clocks stop (a shift starting that day does not run)."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="maintenance_holidays",
                                 verbose_name=_("facility"))
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["facility", "date"], name="uniq_maintenance_holiday")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}".strip()
