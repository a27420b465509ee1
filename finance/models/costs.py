"""Stored roll-ups: one row per product and scenario (none = standard), rebuilt by services.costing.refresh."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scenarios import Scenario

MONEY = {"max_digits": 18, "decimal_places": 4}


class ProductCost(models.Model):
    scenario = models.ForeignKey(Scenario, models.CASCADE, null=True, blank=True, related_name="costs",
                                 verbose_name=_("scenario"))
    part_number = models.CharField(_("product"), max_length=40, db_index=True)
    description = models.CharField(_("description"), max_length=200)
    business_unit = models.CharField(_("business unit"), max_length=40, blank=True)
    levels = models.PositiveSmallIntegerField(_("BOM levels"))
    local = models.BooleanField(_("local BOM"), default=False, help_text=_("A product not in the ERP, costed from "
                                                                           "its local BOM."))
    list_price = models.DecimalField(_("list price"), **MONEY, null=True)
    erp_cost = models.DecimalField(_("ERP standard cost"), **MONEY)
    standard_cost = models.DecimalField(_("material cost (standard)"), **MONEY)
    cost = models.DecimalField(_("material cost"), **MONEY)
    margin = models.DecimalField(_("margin"), **MONEY, null=True)
    margin_percent = models.DecimalField(_("margin %"), max_digits=9, decimal_places=2, null=True)
    standard_margin_percent = models.DecimalField(_("margin % (standard)"), max_digits=9, decimal_places=2,
                                                  null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("product cost")
        verbose_name_plural = _("product costs")
        indexes = [models.Index(fields=["scenario", "margin_percent"])]

    def __str__(self) -> str:
        return f"{self.part_number} {self.cost}"
