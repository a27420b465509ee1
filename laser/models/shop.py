"""The shop floor's configuration and stock: extra operators, machine-setting presets, sheet inventory."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import DeactivatableModel

from ..materials import material_field, sheet_size_field, thickness_field


class ExtraOperator(DeactivatableModel):
    """A person who works on runs without a portal login (named on the runs they help with)."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("extra operator")
        verbose_name_plural = _("extra operators")

    def __str__(self) -> str:
        return self.name


class Preset(models.Model):
    """One version of the machine settings for a material and thickness. Versions are never changed: a manager's
    edit saves a new version, and runs keep pointing at the version they were cut with."""

    class Gas(models.TextChoices):
        OXYGEN = "O2", _("Oxygen")
        NITROGEN = "N2", _("Nitrogen")
        AIR = "air", _("Compressed air")

    material_type = material_field()
    thickness_mm = thickness_field()
    version = models.PositiveIntegerField(_("version"))
    power_w = models.PositiveIntegerField(_("power (W)"))
    speed_mm_min = models.PositiveIntegerField(_("speed (mm/min)"))
    gas = models.CharField(_("assist gas"), max_length=4, choices=Gas.choices)
    pressure_bar = models.DecimalField(_("gas pressure (bar)"), max_digits=4, decimal_places=1)
    nozzle_mm = models.DecimalField(_("nozzle (mm)"), max_digits=3, decimal_places=1)
    focus_mm = models.DecimalField(_("focus (mm)"), max_digits=4, decimal_places=1)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("saved by"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["material_type", "thickness_mm", "-version"]
        constraints = [models.UniqueConstraint(fields=["material_type", "thickness_mm", "version"],
                                               name="laser_one_preset_version")]
        verbose_name = _("machine-setting preset")
        verbose_name_plural = _("machine-setting presets")

    def __str__(self) -> str:
        return f"{self.get_material_type_display()} {self.thickness_mm} mm v{self.version}"


class InventoryItem(DeactivatableModel):
    """Sheets on hand of one material, thickness and size. May go below zero: a run is never refused for lack
    of stock (the count is then wrong and someone must count the rack), but it raises a notification."""

    material_type = material_field()
    thickness_mm = thickness_field()
    sheet_size = sheet_size_field()
    quantity = models.IntegerField(_("sheets on hand"), default=0)
    minimum = models.PositiveIntegerField(_("minimum sheets"), default=0)

    class Meta:
        ordering = ["material_type", "thickness_mm", "sheet_size"]
        constraints = [models.UniqueConstraint(fields=["material_type", "thickness_mm", "sheet_size"],
                                               name="laser_one_item_per_sheet")]
        verbose_name = _("sheet inventory item")
        verbose_name_plural = _("sheet inventory")

    def __str__(self) -> str:
        return f"{self.get_material_type_display()} {self.thickness_mm} mm {self.sheet_size}"

    @property
    def is_low(self) -> bool:
        return self.quantity < self.minimum or self.quantity < 0


class StockMovement(models.Model):
    """Every change of a sheet count: receipts, adjustments (with a reason) and the deductions of runs."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        ADJUSTMENT = "adjustment", _("Adjustment")
        RUN = "run", _("Run")

    item = models.ForeignKey(InventoryItem, models.PROTECT, related_name="movements", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    quantity = models.IntegerField(_("sheets (+ in, − out)"), validators=[MinValueValidator(-100000)])
    balance_after = models.IntegerField(_("sheets on hand after"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    run = models.OneToOneField("laser.LaserRun", models.PROTECT, null=True, blank=True, related_name="movement",
                               verbose_name=_("run"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("user"))
    at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self) -> str:
        return f"{self.item} {self.quantity:+d}"
