"""Andon boards: a TV on the floor opens a board by its own read-only link; admins create and revoke them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Facility, ProductionLine


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AndonBoard(models.Model):
    name = models.CharField(_("name"), max_length=80)
    facility = models.ForeignKey(Facility, models.CASCADE, null=True, blank=True, related_name="+",
                                 verbose_name=_("facility"), help_text=_("Every line of the facility, or..."))
    line = models.ForeignKey(ProductionLine, models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("line"), help_text=_("...one line."))
    token = models.CharField(_("link token"), max_length=64, unique=True, default=new_token, editable=False)
    active = models.BooleanField(_("active"), default=True, help_text=_("Untick to revoke the link at once."))
    red_below = models.PositiveSmallIntegerField(_("red below (%)"), default=65)
    green_from = models.PositiveSmallIntegerField(_("green from (%)"), default=85)
    refresh_seconds = models.PositiveSmallIntegerField(_("refresh every (s)"), default=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("andon board")
        verbose_name_plural = _("andon boards")
        constraints = [
            models.CheckConstraint(condition=Q(facility__isnull=False) | Q(line__isnull=False),
                                   name="production_andon_has_a_scope"),
            models.CheckConstraint(condition=Q(red_below__lte=models.F("green_from")),
                                   name="production_andon_thresholds_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("andon-board", args=[self.token])

    def lines(self):
        if self.line_id:
            return ProductionLine.objects.filter(pk=self.line_id).select_related("facility")
        return ProductionLine.objects.active().filter(facility_id=self.facility_id).select_related("facility")
