"""Routings: the sequence of stages a product family goes through, each on a line or a machine type."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import ProductionLine
from portal.models.base import DeactivatableModel


class Routing(DeactivatableModel):
    """The stages of one product family, e.g. cutting -> bending -> welding -> painting -> packing."""

    product_family = models.CharField(_("product family"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["product_family"]
        verbose_name = _("routing")
        verbose_name_plural = _("routings")

    def __str__(self) -> str:
        return self.product_family


class RoutingStage(models.Model):
    """One stage of a routing: runs on a given line, or on any machine of a type, at a standard rate."""

    routing = models.ForeignKey(Routing, models.CASCADE, related_name="stages", verbose_name=_("routing"))
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    name = models.CharField(_("stage"), max_length=50)
    line = models.ForeignKey(ProductionLine, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("line"), help_text=_("Leave empty to run on a machine type instead."))
    machine_type = models.CharField(_("machine type"), max_length=50, blank=True,
                                    help_text=_("Any active machine of this type may run the stage."))
    rate_per_hour = models.DecimalField(_("standard rate (units per hour)"), max_digits=10, decimal_places=2,
                                        validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["routing", "sequence"]
        constraints = [models.UniqueConstraint(fields=["routing", "sequence"], name="uniq_stage_sequence")]
        verbose_name = _("routing stage")
        verbose_name_plural = _("routing stages")

    def __str__(self) -> str:
        return f"{self.routing} {self.sequence}. {self.name}"

    def clean(self) -> None:
        if bool(self.line_id) == bool(self.machine_type):
            raise ValidationError(_("A stage runs either on a line or on a machine type: give exactly one."))
