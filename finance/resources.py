"""Excel/CSV import of local BOMs, one row per BOM line (through portal/imports: dry-run preview with row errors,
then all rows or none; the core's strict resource, portal/resources.py). A row names its product; the product's
local BOM is created by its first row."""

from __future__ import annotations

from django.utils.translation import gettext as _
from import_export import fields, widgets

from finance.models import LocalBom, LocalBomLine
from portal.resources import Strict, checking


class LocalBomWidget(widgets.ForeignKeyWidget):
    """The product's local BOM, created (and validated) when the file names it first. While the file is checked
    (a dry run, nothing written) a new BOM is kept unsaved, one object per product for the whole file."""

    def __init__(self, **kwargs):
        super().__init__(LocalBom, "part_number", **kwargs)
        self._new: dict[str, LocalBom] = {}

    def __deepcopy__(self, memo):  # a fresh memory per resource, so per import
        return type(self)()

    def clean(self, value, row=None, **kwargs):
        number = str(value or "").strip().upper()
        if not number:
            raise ValueError(_("Give the product's number."))
        bom = LocalBom.objects.filter(part_number=number).first() or (self._new.get(number) if checking() else None)
        if bom is None:
            bom = LocalBom(part_number=number, description=str((row or {}).get("description") or "")[:200],
                           business_unit=str((row or {}).get("business_unit") or "")[:40])
            bom.full_clean()
            if checking():
                self._new[number] = bom
            else:
                bom.save()
        return bom


class LocalBomLineResource(Strict):
    product = fields.Field("bom", "product", LocalBomWidget())
    description = fields.Field(attribute="bom__description", column_name="description", readonly=True)
    business_unit = fields.Field(attribute="bom__business_unit", column_name="business_unit", readonly=True)

    class Meta(Strict.Meta):
        model = LocalBomLine
        fields = ["product", "description", "business_unit", "sequence", "component", "quantity_per",
                  "scrap_percent"]
        import_id_fields = ["product", "component"]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        instance.products_in_file = set(self.fields["product"].widget._new)
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def get_instance(self, instance_loader, row):
        bom = self.fields["product"].clean(row)
        if bom.pk is None:  # a BOM the file creates (unsaved while the file is checked) has no lines yet
            return None
        return super().get_instance(instance_loader, row)
