"""Purchase orders and their lines (views erp_purchase_order, erp_purchase_order_line)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .base import ErpModel, ErpQuerySet
from .parties import Vendor
from .parts import QUANTITY, UNIT_MONEY, Part
from .sales import LineStatus


class PurchaseOrder(ErpModel):
    po_number = models.CharField(
        _("purchase order"), max_length=20, primary_key=True, help_text=_("Purchase order number.")
    )
    vendor = models.ForeignKey(
        Vendor, models.DO_NOTHING, db_constraint=False, db_column="vendor_code", related_name="purchase_orders",
        verbose_name=_("vendor"), help_text=_("The supplier (erp_vendor.vendor_code)."),
    )
    order_date = models.DateField(_("order date"), help_text=_("Date the order was placed."))
    buyer = models.CharField(
        _("buyer"), max_length=40, null=True, blank=True, help_text=_("Buyer responsible for the order.")
    )
    facility = models.CharField(_("facility"), max_length=20, help_text=_("Facility code receiving the goods."))

    objects = ErpQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_purchase_order"
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        indexes = [models.Index(fields=["order_date"])]

    def __str__(self) -> str:
        return self.po_number


class PurchaseOrderLineQuerySet(ErpQuerySet):
    def open(self) -> PurchaseOrderLineQuerySet:
        """Lines still to receive: status OPEN with ordered > received."""
        return self.filter(status=LineStatus.OPEN, quantity_ordered__gt=F("quantity_received"))

    def late(self, today: dt.date) -> PurchaseOrderLineQuerySet:
        return self.open().filter(due_date__lt=today)


class PurchaseOrderLine(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the PO line in the ERP.")
    )
    purchase_order = models.ForeignKey(
        PurchaseOrder, models.DO_NOTHING, db_constraint=False, db_column="po_number", related_name="lines",
        verbose_name=_("purchase order"), help_text=_("The order (erp_purchase_order.po_number)."),
    )
    line_number = models.IntegerField(_("line"), help_text=_("Line number within the purchase order."))
    vendor = models.ForeignKey(
        Vendor, models.DO_NOTHING, db_constraint=False, db_column="vendor_code", related_name="purchase_order_lines",
        verbose_name=_("vendor"), help_text=_("The order's supplier, repeated on each line."),
    )
    part = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="part_number", related_name="purchase_order_lines",
        verbose_name=_("part"), help_text=_("The item bought (erp_part.part_number)."),
    )
    quantity_ordered = models.DecimalField(
        _("ordered"), **QUANTITY, help_text=_("Quantity ordered, in the part's stocking unit.")
    )
    quantity_received = models.DecimalField(
        _("received"), **QUANTITY, default=Decimal(0), help_text=_("Quantity received so far.")
    )
    due_date = models.DateField(_("due date"), help_text=_("Promised receipt date."))
    unit_cost = models.DecimalField(_("unit cost"), **UNIT_MONEY, help_text=_("Purchase price per stocking unit."))
    status = models.CharField(
        _("status"), max_length=8, choices=LineStatus.choices, default=LineStatus.OPEN,
        help_text=_("OPEN while more is expected; CLOSED when received complete or cancelled."),
    )
    facility = models.CharField(_("facility"), max_length=20, help_text=_("Facility code receiving the line."))

    objects = PurchaseOrderLineQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_purchase_order_line"
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        constraints = [models.UniqueConstraint(fields=["purchase_order", "line_number"], name="erp_po_line_number")]
        indexes = [
            models.Index(fields=["part", "status"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["vendor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order_id}/{self.line_number}"

    @property
    def open_quantity(self) -> Decimal:
        return max(self.quantity_ordered - self.quantity_received, Decimal(0))
