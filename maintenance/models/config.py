"""Maintenance configuration kept in the admin: priority levels with their SLA targets (counted on the facility's
working calendar, portal.calendar)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
