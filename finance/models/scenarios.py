"""What-if scenarios: named, local cost overrides. The ERP's standard costs are never changed."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scenario(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True, help_text=_('For example "resin +12 %".'))
    description = models.TextField(_("description"), blank=True)
    margin_threshold = models.DecimalField(
        _("margin threshold %"), max_digits=6, decimal_places=2, default=Decimal(25),
        help_text=_("Products whose margin falls under this percentage are listed first."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive scenarios are hidden, not deleted."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("what-if scenario")
        verbose_name_plural = _("what-if scenarios")
        permissions = [
            ("view_costing", _("Open cost roll-ups, margins, scenarios and material availability")),
        ]

    def __str__(self) -> str:
        return self.name


class ScenarioPartCost(models.Model):
    scenario = models.ForeignKey(Scenario, models.CASCADE, related_name="part_costs", verbose_name=_("scenario"))
    part_number = models.CharField(_("part number"), max_length=40, help_text=_("A bought part's ERP number."))
    unit_cost = models.DecimalField(_("unit cost"), max_digits=18, decimal_places=4,
                                    validators=[MinValueValidator(Decimal(0))],
                                    help_text=_("Cost per stocking unit in this scenario (wins over a percentage)."))

    class Meta:
        ordering = ["part_number"]
        verbose_name = _("scenario part cost")
        verbose_name_plural = _("scenario part costs")
        constraints = [models.UniqueConstraint(fields=["scenario", "part_number"], name="finance_scenario_part")]

    def __str__(self) -> str:
        return f"{self.part_number}: {self.unit_cost}"


class ScenarioUnitChange(models.Model):
    scenario = models.ForeignKey(Scenario, models.CASCADE, related_name="unit_changes", verbose_name=_("scenario"))
    business_unit = models.CharField(_("business unit"), max_length=40)
    percent = models.DecimalField(_("change %"), max_digits=7, decimal_places=2,
                                  validators=[MinValueValidator(Decimal(-100))],
                                  help_text=_("12 raises the cost of every bought part of the unit by 12 %."))

    class Meta:
        ordering = ["business_unit"]
        verbose_name = _("scenario business-unit change")
        verbose_name_plural = _("scenario business-unit changes")
        constraints = [models.UniqueConstraint(fields=["scenario", "business_unit"], name="finance_scenario_unit")]

    def __str__(self) -> str:
        return f"{self.business_unit} {self.percent:+} %"
