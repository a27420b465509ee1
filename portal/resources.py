"""Excel/CSV import-export of plant configuration (django-import-export).

Imports validate every row with the model's own ``full_clean`` (the same rules as the admin form), show row
and field errors, and write all or nothing (one transaction). An ``id`` column updates existing rows.
"""

from import_export import fields, resources, widgets

from .models import Department, Facility, LoginEvent, ProductionCapacity, ProductionLine, Shift


class _Strict(resources.ModelResource):
    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class FacilityResource(_Strict):
    class Meta(_Strict.Meta):
        model = Facility
        fields = ["id", "code", "name", "erp_code", "time_zone", "active"]


class ProductionLineResource(_Strict):
    facility = fields.Field("facility", "facility", widgets.ForeignKeyWidget(Facility, "code"))

    class Meta(_Strict.Meta):
        model = ProductionLine
        fields = ["id", "facility", "code", "name", "erp_line_code", "active"]


class DepartmentResource(_Strict):
    class Meta(_Strict.Meta):
        model = Department
        fields = ["id", "name", "active"]


class ShiftResource(_Strict):
    facility = fields.Field("facility", "facility", widgets.ForeignKeyWidget(Facility, "code"))

    class Meta(_Strict.Meta):
        model = Shift
        fields = ["id", "facility", "name", "start_time", "end_time", "active"]


class ProductionCapacityResource(_Strict):
    class Meta(_Strict.Meta):
        model = ProductionCapacity
        fields = ["id", "line", "shift", "units_per_shift"]


class LoginEventResource(resources.ModelResource):
    class Meta:
        model = LoginEvent
        fields = ["created_at", "username", "outcome", "ip_address", "user_agent", "backend"]
        export_order = fields
