"""The one authoritative list of materials, thicknesses and sheet sizes of the laser shop (seed 004).

Projects, presets, inventory items and runs all take their choices from here, so a project can always be matched
to its preset and its stock item. Pure data: no Django model imports.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialType(models.TextChoices):
    MILD_STEEL = "mild_steel", _("Mild steel")
    STAINLESS = "stainless", _("Stainless steel")
    ALUMINIUM = "aluminium", _("Aluminium")
    GALVANISED = "galvanised", _("Galvanised steel")
    BRASS = "brass", _("Brass")
    COPPER = "copper", _("Copper")


# Thicknesses in millimetres the shop cuts.
THICKNESSES_MM: tuple[Decimal, ...] = tuple(Decimal(t) for t in (
    "0.5", "0.8", "1.0", "1.2", "1.5", "2.0", "2.5", "3.0", "4.0", "5.0", "6.0", "8.0", "10.0", "12.0", "16.0",
    "20.0", "25.0",
))
THICKNESS_CHOICES = [(t, f"{t} mm") for t in THICKNESSES_MM]


class SheetSize(models.TextChoices):
    S2500 = "2500x1250", "2500 × 1250 mm"
    S3000 = "3000x1500", "3000 × 1500 mm"
    S4000 = "4000x2000", "4000 × 2000 mm"


def thickness_field(**kwargs) -> models.DecimalField:
    """A model field restricted to the authoritative thickness list."""
    return models.DecimalField(_("thickness (mm)"), max_digits=5, decimal_places=1, choices=THICKNESS_CHOICES,
                               **kwargs)


def material_field(**kwargs) -> models.CharField:
    return models.CharField(_("material"), max_length=20, choices=MaterialType.choices, **kwargs)


def sheet_size_field(**kwargs) -> models.CharField:
    return models.CharField(_("sheet size"), max_length=12, choices=SheetSize.choices, **kwargs)
