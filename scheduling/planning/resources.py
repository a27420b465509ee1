"""Excel/CSV import of planning orders (django-import-export, through portal/imports/).

One row is one order with its (first) item; an ``id`` column updates an existing order. Rows are validated with
the models' own ``full_clean`` and written all or nothing (the core's strict resource, portal/resources.py); a new
order is created by ``planning.services.orders.create_order``, so its refusals (already planned, number taken)
are the row's errors. A Dynamics 365 export is read through a column mapping
(``D365_COLUMNS``, documented in docs/planning-import.md): its headers are renamed to ours before the rows are read.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from import_export import fields, widgets

from portal.imports.widgets import CodeWidget
from portal.models import Facility
from portal.resources import LineWidget, Strict

from .models import CapacityTarget, OrderItem, PlanningOrder, Routing
from .services.orders import OrderRefused, check_new_order, create_order

# D365 "Production orders" / "Sales order lines" export header -> our column.
D365_COLUMNS = {
    "Production order": "number",
    "Site": "facility",
    "Item group": "product_family",
    "Customer account": "customer",
    "Priority": "priority",
    "Delivery date": "due_date",
    "Scheduled end": "due_date",
    "Item number": "product",
    "Product name": "description",
    "Quantity": "quantity",
    "Lot ID": "so_line_id",
    "Reference number": "erp_reference",
}


ActiveCodeWidget = CodeWidget  # a foreign key by code that names what was not found (the core's widget)


class PlanningOrderResource(Strict):
    facility = fields.Field("facility", "facility", ActiveCodeWidget(Facility, "code"))
    product_family = fields.Field("routing", "product_family", ActiveCodeWidget(Routing, "product_family"))
    # The first item's columns (read from the row by ``item_values``; the widgets say what the export writes)
    product = fields.Field(column_name="product", attribute=None, readonly=False)
    description = fields.Field(column_name="description", attribute=None, readonly=False)
    quantity = fields.Field(column_name="quantity", attribute=None, readonly=False,
                            widget=widgets.IntegerWidget(coerce_to_string=False))
    so_line_id = fields.Field(column_name="so_line_id", attribute=None, readonly=False,
                              widget=widgets.IntegerWidget(coerce_to_string=False))

    class Meta(Strict.Meta):
        model = PlanningOrder
        fields = ["id", "number", "facility", "product_family", "customer", "priority", "due_date", "product",
                  "description", "quantity", "so_line_id", "erp_reference"]
        import_id_fields = ["id"]
        skip_unchanged = False  # the item's columns are not the order's fields: a row changing only them counts

    @staticmethod
    def item_errors(row) -> dict[str, str]:
        """The item columns' problems, reported with the order's (all of a row's errors at once)."""
        errors = {}
        for name in ("product", "quantity"):
            if row.get(name) in (None, ""):
                errors[name] = _("This field is required.")
        if "quantity" not in errors:
            try:
                quantity = float(row["quantity"])
            except (TypeError, ValueError):
                errors["quantity"] = _("“%(value)s” is not a number.") % {"value": row["quantity"]}
            else:
                if quantity < 1 or quantity != int(quantity):
                    errors["quantity"] = _("The quantity must be a whole number of at least 1.")
        line = row.get("so_line_id")
        if line not in (None, "") and not str(line).strip().isdigit():
            errors["so_line_id"] = _("“%(value)s” is not a whole number.") % {"value": line}
        return errors

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, message in self.item_errors(row).items():
            errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def item_values(row) -> dict:
        line = row.get("so_line_id")
        return {"product": str(row["product"]).strip(), "description": str(row.get("description") or "")[:200],
                "quantity": int(float(row["quantity"])),
                "so_line_id": int(str(line).strip()) if line not in (None, "") else None}

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):  # the check of the whole file (portal.resources.Strict): the rules, no write
            try:
                if is_create:
                    item = self.item_values(row)
                    check_new_order(instance.number, instance.erp_reference, [item])
                    self.claim_in_file(instance.number, instance.erp_reference, item["so_line_id"])
                else:
                    self.item_for(instance, row).full_clean()
            except OrderRefused as refused:
                field = refused.field if refused.field in self.fields else NON_FIELD_ERRORS
                raise ValidationError({field: refused.message}) from refused
            return None
        if not is_create:  # an update: the order's fields, then its first item (after_save_instance)
            return super().save_instance(instance, is_create, row, **kwargs)
        try:
            order = create_order(
                number=instance.number, facility=instance.facility, routing=instance.routing,
                customer=instance.customer, priority=instance.priority, due_date=instance.due_date,
                erp_reference=instance.erp_reference, source=PlanningOrder.Source.IMPORT, user=kwargs.get("user"),
                items=[self.item_values(row)])
        except OrderRefused as refused:
            field = refused.field if refused.field in self.fields else NON_FIELD_ERRORS
            raise ValidationError({field: refused.message}) from refused
        instance.pk, instance.source, instance._state.adding = order.pk, order.source, False
        return None

    def claim_in_file(self, number: str, erp_reference: str, so_line_id: int | None) -> None:
        """The file's earlier rows are not written while it is checked: what they plan is remembered here, so two
        rows planning the same ERP reference or sales order line are refused as create_order would."""
        claimed = self.__dict__.setdefault("_claimed", {})
        for key, what, field in ((("ref", erp_reference.strip()), erp_reference, "erp_reference"),
                                 (("line", so_line_id), so_line_id, "so_line_id")):
            if not key[1]:
                continue
            if key in claimed:
                raise OrderRefused(_("Order %(order)s already plans %(ref)s.") % {"order": claimed[key], "ref": what},
                                   field=field)
        for key in (("ref", erp_reference.strip()), ("line", so_line_id)):
            if key[1]:
                claimed[key] = number.strip()

    def before_import(self, dataset, **kwargs):
        self._claimed = {}
        if dataset.headers:
            dataset.headers = [D365_COLUMNS.get(str(h).strip(), str(h).strip()) if h else h
                               for h in dataset.headers]

    def item_for(self, instance, row) -> OrderItem:
        item = instance.items.order_by("pk").first() or OrderItem(order=instance)
        for name, value in self.item_values(row).items():
            setattr(item, name, value)
        return item

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        item = self.item_for(instance, row)
        item.full_clean()
        item.save()

    ITEM_COLUMNS = ("product", "description", "quantity", "so_line_id")

    @classmethod
    def with_first_item(cls, orders: QuerySet) -> QuerySet:
        """The orders with their first item's columns read by the same query (``item_<column>``): an export of
        100,000 orders makes no query per order and no item objects."""
        first = OrderItem.objects.filter(order=OuterRef("pk")).order_by("pk")
        return orders.annotate(**{f"item_{name}": Subquery(first.values(name)[:1]) for name in cls.ITEM_COLUMNS})

    @staticmethod
    def first_item_value(order, name: str):
        if hasattr(order, f"item_{name}"):
            return getattr(order, f"item_{name}")
        item = order.items.order_by("pk").first() if order.pk else None
        return getattr(item, name) if item else None

    def dehydrate_product(self, order):
        return self.first_item_value(order, "product") or ""

    def dehydrate_description(self, order):
        return self.first_item_value(order, "description") or ""

    def dehydrate_quantity(self, order):
        return self.first_item_value(order, "quantity")

    def dehydrate_so_line_id(self, order):
        return self.first_item_value(order, "so_line_id") or None


class CapacityTargetResource(Strict):
    """Capacity targets for the planners' Excel round trip: a line as FACILITY/LINE, or a machine type (one of
    the two); ``id`` updates a target, a row without it adds one."""

    facility = fields.Field("facility", "facility", CodeWidget(Facility, "code"))
    line = fields.Field("line", "line", LineWidget())

    class Meta(Strict.Meta):
        model = CapacityTarget
        fields = ["id", "facility", "line", "machine_type", "period", "units", "valid_from", "note"]
        import_id_fields = ["id"]

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None and instance.created_by_id is None:
            user = kwargs.get("user")
            instance.created_by = user if getattr(user, "pk", None) else None
