"""Local BOMs: products not (yet) in the ERP, built in the portal or imported from Excel, costed by the same engine.

A local BOM's lines name ERP parts or other local BOMs' products; the ERP is never written.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import DeactivatableModel


class LocalBom(DeactivatableModel):
    part_number = models.CharField(
        _("product"), max_length=40, unique=True,
        help_text=_("The new product's number; it must not be an ERP part that already has an active BOM."))
    description = models.CharField(_("description"), max_length=200, blank=True)
    business_unit = models.CharField(_("business unit"), max_length=40, blank=True)
    list_price = models.DecimalField(_("list price"), max_digits=18, decimal_places=4, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal(0))])
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["part_number"]
        verbose_name = _("local BOM")
        verbose_name_plural = _("local BOMs")

    def __str__(self) -> str:
        return self.part_number

    def clean(self) -> None:
        self.part_number = (self.part_number or "").strip().upper()
        if not self.part_number:
            raise ValidationError({"part_number": _("Give the product's number.")})
        from erp.models import BomHeader

        if BomHeader.objects.filter(parent_id=self.part_number, active=True).exists():
            raise ValidationError({"part_number": _("%(part)s already has an active BOM in the ERP.")
                                   % {"part": self.part_number}})


class LocalBomLine(models.Model):
    bom = models.ForeignKey(LocalBom, models.CASCADE, related_name="lines", verbose_name=_("local BOM"))
    sequence = models.PositiveIntegerField(_("sequence"), default=10)
    component = models.CharField(_("component"), max_length=40,
                                 help_text=_("An ERP part number, or the product of another local BOM."))
    quantity_per = models.DecimalField(_("quantity per"), max_digits=18, decimal_places=6,
                                       validators=[MinValueValidator(Decimal("0.000001"))])
    scrap_percent = models.DecimalField(_("scrap %"), max_digits=7, decimal_places=3, default=Decimal(0),
                                        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])

    class Meta:
        ordering = ["bom", "sequence", "pk"]
        verbose_name = _("local BOM line")
        verbose_name_plural = _("local BOM lines")
        constraints = [models.UniqueConstraint(fields=["bom", "component"], name="finance_local_bom_component")]

    def __str__(self) -> str:
        return f"{self.bom_id}: {self.component} × {self.quantity_per}"

    def clean(self) -> None:
        from erp.models import Part

        self.component = (self.component or "").strip().upper()
        if not self.component:
            return
        if self.bom_id and self.component == self.bom.part_number:
            raise ValidationError({"component": _("A product cannot be its own component.")})
        # products_in_file: the products an import creates in earlier rows (not written while the file is checked)
        if not (self.component in getattr(self, "products_in_file", ())
                or Part.objects.filter(pk=self.component).exists()
                or LocalBom.objects.filter(part_number=self.component).exists()):
            raise ValidationError({"component": _("%(part)s is neither an ERP part nor a local BOM's product.")
                                   % {"part": self.component}})
