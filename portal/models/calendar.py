"""A facility's working calendar (with its shifts, portal.Shift): the weekdays it works and its holidays.

Read through portal/calendar/store.py, counted by portal/calendar/arithmetic.py; maintenance SLAs, planning and
OEE's planned time all use it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .plant import Facility


class WorkingDays(models.Model):
    """Which weekdays a facility works (its shifts run); without a row, Monday to Friday."""

    facility = models.OneToOneField(Facility, models.CASCADE, related_name="working_days",
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
    """A day a facility does not work: no shift starting that day runs (no capacity, SLA clocks stop)."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="holidays", verbose_name=_("facility"))
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["facility", "date"], name="uniq_facility_holiday")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}".strip()
