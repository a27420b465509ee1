"""Excel/CSV import of planning orders (django-import-export, through portal/imports/).

One row is one order with its (first) item; an ``id`` column updates an existing order. Rows are validated with
the models' own ``full_clean`` and written all or nothing. A Dynamics 365 export is read through a column mapping
(``D365_COLUMNS``, documented in docs/planning-import.md): its headers are renamed to ours before the rows are read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from portal.models import Facility

from .models import OrderItem, PlanningOrder, Routing

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


class ActiveCodeWidget(widgets.ForeignKeyWidget):
    """A foreign key by code that names what was not found."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: str(value).strip()})
        except self.model.DoesNotExist as exc:
            raise ValueError(_("No %(what)s “%(value)s”.") % {
                "what": self.model._meta.verbose_name, "value": value}) from exc


class PlanningOrderResource(resources.ModelResource):
    facility = fields.Field("facility", "facility", ActiveCodeWidget(Facility, "code"))
    product_family = fields.Field("routing", "product_family", ActiveCodeWidget(Routing, "product_family"))
    product = fields.Field(column_name="product", attribute=None, readonly=False)
    description = fields.Field(column_name="description", attribute=None, readonly=False)
    quantity = fields.Field(column_name="quantity", attribute=None, readonly=False)
    so_line_id = fields.Field(column_name="so_line_id", attribute=None, readonly=False)

    class Meta:
        model = PlanningOrder
        fields = ["id", "number", "facility", "product_family", "customer", "priority", "due_date", "product",
                  "description", "quantity", "so_line_id", "erp_reference"]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        if dataset.headers:
            dataset.headers = [D365_COLUMNS.get(str(h).strip(), str(h).strip()) if h else h
                               for h in dataset.headers]

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
        if not instance.pk:
            instance.source = PlanningOrder.Source.IMPORT

    def after_save_instance(self, instance, row, **kwargs):
        line = row.get("so_line_id")
        values = {"product": str(row["product"]).strip(), "description": str(row.get("description") or "")[:200],
                  "quantity": int(float(row["quantity"])),
                  "so_line_id": int(str(line).strip()) if line not in (None, "") else None}
        item = instance.items.order_by("pk").first() or OrderItem(order=instance)
        for name, value in values.items():
            setattr(item, name, value)
        item.full_clean()
        item.save()

    def dehydrate_product(self, order):
        item = order.items.order_by("pk").first() if order.pk else None
        return item.product if item else ""

    def dehydrate_description(self, order):
        item = order.items.order_by("pk").first() if order.pk else None
        return item.description if item else ""

    def dehydrate_quantity(self, order):
        item = order.items.order_by("pk").first() if order.pk else None
        return item.quantity if item else ""

    def dehydrate_so_line_id(self, order):
        item = order.items.order_by("pk").first() if order.pk else None
        return item.so_line_id if item and item.so_line_id else ""
