"""Excel/CSV import-export of plant configuration (django-import-export).

Imports validate every row with the model's own ``full_clean`` (the same rules as the admin form), show row
and field errors, and write all or nothing (one transaction). An ``id`` column updates existing rows.
"""

from import_export import fields, resources, widgets

from .models import Department, Facility, LoginEvent, ProductionCapacity, ProductionLine, Shift


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
        fields = ["id", "facility", "code", "name", "name_es", "erp_line_code", "active"]


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
