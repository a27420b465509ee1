"""Excel/CSV import-export of plant configuration (django-import-export).

Imports validate every row with the model's own ``full_clean`` (the same rules as the admin form), show row
and field errors, and write all or nothing (one transaction). An ``id`` column updates existing rows.
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Department, Facility, LoginEvent, Machine, ProductionCapacity, ProductionLine, Shift


class Strict(resources.ModelResource):
    """Every import of configuration: validated by the model, all or nothing, unchanged rows skipped."""

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class FacilityResource(Strict):
    class Meta(Strict.Meta):
        model = Facility
        fields = ["id", "code", "name", "name_es", "erp_code", "time_zone", "active"]


class ProductionLineResource(Strict):
    facility = fields.Field("facility", "facility", widgets.ForeignKeyWidget(Facility, "code"))

    class Meta(Strict.Meta):
        model = ProductionLine
        fields = ["id", "facility", "code", "name", "name_es", "erp_line_code", "usual_crew", "active"]


class LineWidget(widgets.ForeignKeyWidget):
    """A line as FACILITY/LINE (line codes repeat between facilities)."""

    def __init__(self, model=ProductionLine, field="code", **kwargs):
        super().__init__(model, field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        facility, _slash, code = str(value).partition("/")
        line = ProductionLine.objects.filter(facility__code=facility.strip(), code=code.strip()).first()
        if line is None:
            raise ValueError(_("No line “%(value)s”: write it as FACILITY/LINE, e.g. MAIN/L1.") % {"value": value})
        return line

    def render(self, value, obj=None, **kwargs):
        return f"{value.facility.code}/{value.code}" if value else ""


class MachineResource(Strict):
    line = fields.Field("line", "line", LineWidget())

    class Meta(Strict.Meta):
        model = Machine
        fields = ["id", "line", "code", "name", "name_es", "machine_type", "active"]


class DepartmentResource(Strict):
    class Meta(Strict.Meta):
        model = Department
        fields = ["id", "name", "active"]


class ShiftResource(Strict):
    facility = fields.Field("facility", "facility", widgets.ForeignKeyWidget(Facility, "code"))

    class Meta(Strict.Meta):
        model = Shift
        fields = ["id", "facility", "name", "name_es", "start_time", "end_time", "active"]


class ProductionCapacityResource(Strict):
    class Meta(Strict.Meta):
        model = ProductionCapacity
        fields = ["id", "line", "shift", "units_per_shift"]


class LoginEventResource(resources.ModelResource):
    class Meta:
        model = LoginEvent
        fields = ["created_at", "username", "outcome", "ip_address", "user_agent", "backend"]
        export_order = fields
