"""The projections grid as a workbook a planner exports, edits in Excel and imports back (django-import-export,
through the core's import page: dry-run preview, then all rows or none).

One row per open SO line: its identity and ERP figures (read only: the import ignores them), the two projection
quantities and the ``version`` the export saw. An import writes through the grid's own service
(``scheduling.services.projections.set_projection``), so the same rules hold: whole quantities, low + high within
the open quantity, the line still open, and a line another planner changed since the export is refused (its row
says who and what; nothing of the file is written), never overwritten.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from scheduling.models import FIELD_ATTRIBUTES, Projection, ProjectionField
from scheduling.services.grid import attach_projections, open_lines
from scheduling.services.projections import ProjectionConflict, ProjectionError, set_projection

EDITABLE = ("low_risk_qty", "high_risk_qty")


class QuantityWidget(widgets.IntegerWidget):
    """A whole number; an empty cell is 0 (a projection cleared in Excel)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return 0
        try:
            number = float(str(value).replace(",", "").strip())
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if number != int(number):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class ProjectionResource(resources.ModelResource):
    so_line_id = fields.Field("so_line_id", "so_line_id", widgets.IntegerWidget(coerce_to_string=False))
    so_number = fields.Field("so_number", "so_number", readonly=True)
    line_number = fields.Field("line_number", "line_number", readonly=True)
    customer = fields.Field("customer", "customer", readonly=True)
    part = fields.Field("part", "part", readonly=True)
    due_date = fields.Field("due_date", "due_date", widgets.DateWidget("%Y-%m-%d", coerce_to_string=False),
                            readonly=True)
    # Numbers and dates as Excel cells, not text: the planner edits them as numbers
    open_qty = fields.Field("open_qty", "open_qty", widgets.IntegerWidget(coerce_to_string=False), readonly=True)
    low_risk_qty = fields.Field("low_risk_qty", "low_risk_qty", QuantityWidget(coerce_to_string=False))
    high_risk_qty = fields.Field("high_risk_qty", "high_risk_qty", QuantityWidget(coerce_to_string=False))
    version = fields.Field("version", "version", widgets.IntegerWidget(coerce_to_string=False))

    class Meta:
        model = Projection
        fields = ["so_line_id", "so_number", "line_number", "customer", "part", "due_date", "open_qty",
                  "low_risk_qty", "high_risk_qty", "version"]
        import_id_fields = ["so_line_id"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False  # the grid's service validates (set_projection)

    # --- export ----------------------------------------------------------------------------------------------
    @staticmethod
    def rows(lines=None) -> list[SimpleNamespace]:
        """The grid's open lines as export rows, each with its projection (0 and version 0 when none yet)."""
        lines = attach_projections(lines if lines is not None else open_lines().order_by("due_date", "id"))
        return [SimpleNamespace(
            so_line_id=line.pk, so_number=line.sales_order_id, line_number=line.line_number,
            customer=line.customer_name, part=line.part_id, due_date=line.due_date, open_qty=int(line.open_qty),
            low_risk_qty=line.low_risk_qty, high_risk_qty=line.high_risk_qty, version=line.projection_version,
        ) for line in lines]

    # --- import ----------------------------------------------------------------------------------------------
    def init_instance(self, row=None):
        # A line without a projection yet: version 0 is what a first save names (as on the grid)
        return Projection(so_line_id=row.get("so_line_id"), version=0)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        before = {name: getattr(original, name, 0) if original is not None else 0 for name in EDITABLE}
        return all(getattr(instance, name) == before[name] for name in EDITABLE)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Through set_projection, one field at a time from the version the export saw; the field that goes down
        first, so that low + high never passes the open quantity halfway."""
        user = kwargs.get("user")
        current = Projection.objects.filter(so_line_id=instance.so_line_id).first()
        expected = instance.version if instance.version is not None else 0
        changes = [(field, getattr(instance, attribute), getattr(current, attribute) if current else 0)
                   for field, attribute in FIELD_ATTRIBUTES.items()]
        changes = sorted((c for c in changes if c[1] != c[2]), key=lambda c: c[1] - c[2])
        for field, value, _old in changes:
            try:
                expected = set_projection(int(instance.so_line_id), ProjectionField(field), value, expected,
                                          user).version
            except ProjectionConflict as conflict:
                raise ValidationError({NON_FIELD_ERRORS: [
                    _("SO line %(line)s changed since your export: %(message)s Export again and redo this row.")
                    % {"line": instance.so_line_id, "message": conflict.message}]}) from None
            except ProjectionError as error:
                raise ValidationError({FIELD_ATTRIBUTES[ProjectionField(field)]: [str(error)]}) from None
