"""Sales orders, their lines and shipments (views erp_sales_order, erp_sales_order_line, erp_shipment)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .base import ErpModel, ErpQuerySet
from .parties import Customer
from .parts import MONEY, QUANTITY, UNIT_MONEY, Part


class OrderType(models.TextChoices):
    STANDARD = "STANDARD", _("Standard")
    BLANKET = "BLANKET", _("Blanket release")
    SAMPLE = "SAMPLE", _("Sample")
    INTERCOMPANY = "INTERCOMPANY", _("Intercompany")


class LineStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    CLOSED = "CLOSED", _("Closed")


class SalesOrder(ErpModel):
    so_number = models.CharField(
        _("sales order"), max_length=20, primary_key=True, help_text=_("Sales order number.")
    )
    customer = models.ForeignKey(
        Customer, models.DO_NOTHING, db_constraint=False, db_column="customer_code", related_name="sales_orders",
        verbose_name=_("customer"), help_text=_("Sold-to customer (erp_customer.customer_code)."),
    )
    order_date = models.DateField(_("order date"), help_text=_("Date the order was entered."))
    customer_po = models.CharField(
        _("customer PO"), max_length=40, null=True, blank=True, help_text=_("The customer's purchase order number.")
    )
    order_type = models.CharField(
        _("order type"), max_length=12, choices=OrderType.choices,
        help_text=_("STANDARD, BLANKET (release against a blanket order), SAMPLE or INTERCOMPANY."),
    )
    facility = models.CharField(
        _("facility"), max_length=20, help_text=_("Facility code that ships the order (portal facility ERP code).")
    )

    objects = ErpQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_sales_order"
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        indexes = [models.Index(fields=["order_date"])]

    def __str__(self) -> str:
        return self.so_number


class SalesOrderLineQuerySet(ErpQuerySet):
    def open(self) -> SalesOrderLineQuerySet:
        """Lines still to ship: status OPEN with something left (open quantity = ordered - shipped)."""
        return self.filter(status=LineStatus.OPEN, quantity_ordered__gt=F("quantity_shipped"))


class SalesOrderLine(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the order line in the ERP.")
    )
    sales_order = models.ForeignKey(
        SalesOrder, models.DO_NOTHING, db_constraint=False, db_column="so_number", related_name="lines",
        verbose_name=_("sales order"), help_text=_("The order (erp_sales_order.so_number)."),
    )
    line_number = models.IntegerField(_("line"), help_text=_("Line number within the order."))
    customer = models.ForeignKey(
        Customer, models.DO_NOTHING, db_constraint=False, db_column="customer_code", related_name="order_lines",
        verbose_name=_("customer"), help_text=_("The order's customer, repeated on each line for fast filtering."),
    )
    part = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="part_number", related_name="order_lines",
        verbose_name=_("part"), help_text=_("The finished good ordered (erp_part.part_number)."),
    )
    quantity_ordered = models.DecimalField(
        _("ordered"), **QUANTITY, help_text=_("Quantity ordered, in the part's stocking unit.")
    )
    quantity_shipped = models.DecimalField(
        _("shipped"), **QUANTITY, default=Decimal(0), help_text=_("Quantity shipped so far.")
    )
    due_date = models.DateField(_("due date"), help_text=_("Date the customer wants the line shipped."))
    unit_price = models.DecimalField(_("unit price"), **UNIT_MONEY, help_text=_("Selling price per stocking unit."))
    order_type = models.CharField(
        _("order type"), max_length=12, choices=OrderType.choices, help_text=_("The order's type, repeated.")
    )
    facility = models.CharField(_("facility"), max_length=20, help_text=_("Facility code that ships the line."))
    business_unit = models.CharField(
        _("business unit"), max_length=40, null=True, blank=True, help_text=_("Business unit credited with the sale.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=LineStatus.choices, default=LineStatus.OPEN,
        help_text=_("OPEN while the line may still ship; CLOSED when shipped complete, short-closed or cancelled."),
    )

    objects = SalesOrderLineQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_sales_order_line"
        verbose_name = _("sales order line")
        verbose_name_plural = _("sales order lines")
        constraints = [models.UniqueConstraint(fields=["sales_order", "line_number"], name="erp_so_line_number")]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["part", "status"]),
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["facility", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.sales_order_id}/{self.line_number}"

    @property
    def open_quantity(self) -> Decimal:
        return max(self.quantity_ordered - self.quantity_shipped, Decimal(0))

    @property
    def is_open(self) -> bool:
        return self.status == LineStatus.OPEN and self.open_quantity > 0


class Shipment(ErpModel):
    id = models.BigIntegerField(
        _("ID"), primary_key=True, help_text=_("Stable unique row identity of the shipment line in the ERP.")
    )
    shipment_number = models.CharField(
        _("shipment"), max_length=20, db_index=True, help_text=_("Packing slip (shipper) number.")
    )
    ship_date = models.DateField(_("ship date"), help_text=_("Date the goods left the facility."))
    sales_order = models.ForeignKey(
        SalesOrder, models.DO_NOTHING, db_constraint=False, db_column="so_number", related_name="shipments",
        verbose_name=_("sales order"), help_text=_("The order shipped against (erp_sales_order.so_number)."),
    )
    sales_order_line = models.ForeignKey(
        SalesOrderLine, models.DO_NOTHING, db_constraint=False, db_column="so_line_id", related_name="shipments",
        verbose_name=_("sales order line"), help_text=_("The order line shipped (erp_sales_order_line.id)."),
    )
    customer = models.ForeignKey(
        Customer, models.DO_NOTHING, db_constraint=False, db_column="customer_code", related_name="shipments",
        verbose_name=_("customer"), help_text=_("The customer shipped to (erp_customer.customer_code)."),
    )
    part = models.ForeignKey(
        Part, models.DO_NOTHING, db_constraint=False, db_column="part_number", related_name="shipments",
        verbose_name=_("part"), help_text=_("The item shipped (erp_part.part_number)."),
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY, help_text=_("Quantity shipped, in stocking units."))
    unit_price = models.DecimalField(_("unit price"), **UNIT_MONEY, help_text=_("Price per unit invoiced."))
    value = models.DecimalField(
        _("value"), **MONEY, help_text=_("Shipped value: quantity × unit price, rounded to cents.")
    )
    facility = models.CharField(_("facility"), max_length=20, help_text=_("Facility code that shipped."))

    objects = ErpQuerySet.as_manager()

    class Meta(ErpModel.Meta):
        db_table = "erp_shipment"
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [
            models.Index(fields=["ship_date"]),
            models.Index(fields=["customer", "ship_date"]),
            models.Index(fields=["part", "ship_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_number} {self.part_id} × {self.quantity}"
