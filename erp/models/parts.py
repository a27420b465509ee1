"""Parts and inventory lots (views erp_part, erp_inventory_lot)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ErpModel, ErpQuerySet

QUANTITY = {"max_digits": 18, "decimal_places": 4}
UNIT_MONEY = {"max_digits": 18, "decimal_places": 4}  # prices/costs per unit keep 4 decimals
MONEY = {"max_digits": 18, "decimal_places": 2}  # extended values


class PartType(models.TextChoices):
    FINISHED_GOOD = "FG", _("Finished good")
    COMPONENT = "COMP", _("Component")


class LotStatus(models.TextChoices):
    APPROVED = "APPROVED", _("Approved")
    PENDING_QC = "PENDING_QC", _("Pending QC")
    HOLD = "HOLD", _("On hold")


class PartQuerySet(ErpQuerySet):
    def finished_goods(self) -> PartQuerySet:
        return self.filter(part_type=PartType.FINISHED_GOOD)

    def components(self) -> PartQuerySet:
        return self.filter(part_type=PartType.COMPONENT)


class Part(ErpModel):
    part_number = models.CharField(
        _("part number"), max_length=40, primary_key=True, help_text=_("The item's number in the ERP.")
    )
    description = models.CharField(_("description"), max_length=200, help_text=_("Item description."))
    part_type = models.CharField(
        _("type"), max_length=4, choices=PartType.choices, db_index=True,
        help_text=_("FG for a finished good (sold, may have a BOM), COMP for a component (bought or made)."),
    )
    uom = models.CharField(
        _("unit of measure"), max_length=10, help_text=_("Stocking unit of measure (EA, CS, KG, L, M...).")
    )
    unit_cost = models.DecimalField(
        _("unit cost"), **UNIT_MONEY, help_text=_("Standard cost per stocking unit, in the company currency.")
    )
    unit_price = models.DecimalField(
        _("unit price"), **UNIT_MONEY, null=True, blank=True,
        help_text=_("List price per stocking unit; empty for items that are not sold."),
    )
    business_unit = models.CharField(
        _("business unit"), max_length=40, null=True, blank=True, db_index=True,
        help_text=_("Business unit (product line) the item reports to."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("False once the item is obsolete."))

    objects = PartQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_part"
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        indexes = [models.Index(fields=["description"])]

    def __str__(self) -> str:
        return f"{self.part_number} – {self.description}"

    @property
    def is_finished_good(self) -> bool:
        return self.part_type == PartType.FINISHED_GOOD


class InventoryLot(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the stock record in the ERP.")
    )
    part = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="part_number", related_name="lots",
        verbose_name=_("part"), help_text=_("The item in stock (erp_part.part_number)."),
    )
    lot_number = models.CharField(
        _("lot"), max_length=40, help_text=_("Lot (batch) number. One row per part, lot, facility and status.")
    )
    facility = models.CharField(
        _("facility"), max_length=20, db_index=True,
        help_text=_("Facility (warehouse) code holding the stock; matches the portal facility's ERP code."),
    )
    quantity = models.DecimalField(
        _("quantity"), **QUANTITY, help_text=_("Quantity on hand in the part's stocking unit (greater than zero).")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LotStatus.choices,
        help_text=_("APPROVED (usable), PENDING_QC (awaiting release by quality) or HOLD (blocked)."),
    )
    receipt_date = models.DateField(
        _("receipt date"), help_text=_("Date the lot was received or produced into stock.")
    )

    objects = ErpQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_inventory_lot"
        verbose_name = _("inventory lot")
        verbose_name_plural = _("inventory lots")
        constraints = [
            # A lot partly on hold is two rows: one per status.
            models.UniqueConstraint(
                fields=["part", "lot_number", "facility", "status"], name="erp_lot_part_lot_facility_status"
            )
        ]
        indexes = [models.Index(fields=["part", "status"]), models.Index(fields=["lot_number"])]

    def __str__(self) -> str:
        return f"{self.part_id} lot {self.lot_number} @ {self.facility}"
