"""Bills of materials (views erp_bom_header, erp_bom_line)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ErpModel, ErpQuerySet
from .parts import Part


class BomHeaderQuerySet(ErpQuerySet):
    def active(self) -> BomHeaderQuerySet:
        return self.filter(active=True)


class BomHeader(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the BOM revision in the ERP.")
    )
    parent = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="parent_part_number", related_name="boms",
        verbose_name=_("parent part"), help_text=_("The finished good this BOM builds (erp_part.part_number)."),
    )
    revision = models.CharField(_("revision"), max_length=10, help_text=_("BOM revision, e.g. A, B, C."))
    active = models.BooleanField(
        _("active"), help_text=_("True for the revision production uses now: at most one per parent part.")
    )
    effective_date = models.DateField(_("effective date"), help_text=_("Date the revision took effect."))

    objects = BomHeaderQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_bom_header"
        verbose_name = _("BOM")
        verbose_name_plural = _("BOMs")
        constraints = [models.UniqueConstraint(fields=["parent", "revision"], name="erp_bom_parent_revision")]
        indexes = [models.Index(fields=["parent", "active"])]

    def __str__(self) -> str:
        return f"{self.parent_id} rev {self.revision}"


class BomLine(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the BOM line in the ERP.")
    )
    bom = models.ForeignKey(
        BomHeader, models.DO_NOTHING, db_constraint=False, db_column="bom_id", related_name="lines",
        verbose_name=_("BOM"), help_text=_("The BOM revision this line belongs to (erp_bom_header.id)."),
    )
    sequence = models.IntegerField(_("sequence"), help_text=_("Order of the line within the BOM."))
    component = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="component_part_number", related_name="used_in",
        verbose_name=_("component"), help_text=_("The component consumed (erp_part.part_number)."),
    )
    quantity_per = models.DecimalField(
        _("quantity per"), max_digits=18, decimal_places=6,
        help_text=_("Component quantity per one unit of the parent, in the component's stocking unit."),
    )
    scrap_percent = models.DecimalField(
        _("scrap %"), max_digits=7, decimal_places=3, default=Decimal(0),
        help_text=_("Expected scrap in percent (2.5 means 2.5 %): requirement = quantity per × (1 + scrap/100)."),
    )

    objects = ErpQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_bom_line"
        verbose_name = _("BOM line")
        verbose_name_plural = _("BOM lines")
        indexes = [models.Index(fields=["bom", "sequence"])]

    def __str__(self) -> str:
        return f"{self.bom_id}#{self.sequence} {self.component_id} × {self.quantity_per}"

    @property
    def gross_quantity_per(self) -> Decimal:
        return self.quantity_per * (1 + self.scrap_percent / 100)
