from rest_framework import serializers

from portal.api.fields import FacilityDateTimeField
from portal.models import Department, Facility, ProductionCapacity, ProductionLine, Shift, User


class FacilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Facility
        fields = ["id", "code", "name", "erp_code", "time_zone", "active"]


class ProductionLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductionLine
        fields = ["id", "facility", "code", "name", "erp_line_code", "active"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "lines", "active"]


class ShiftSerializer(serializers.ModelSerializer):
    is_overnight = serializers.BooleanField(read_only=True)

    class Meta:
        model = Shift
        fields = ["id", "facility", "name", "start_time", "end_time", "is_overnight", "active"]


class ProductionCapacitySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductionCapacity
        fields = ["id", "line", "shift", "units_per_shift"]


class ShiftOccurrenceSerializer(serializers.Serializer):
    shift = ShiftSerializer()
    production_date = serializers.DateField()
    start = FacilityDateTimeField(zone="shift.facility")  # the facility's wall clock, with its offset
    end = FacilityDateTimeField(zone="shift.facility")


class MeSerializer(serializers.ModelSerializer):
    permissions = serializers.SerializerMethodField()
    groups = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "language", "theme", "ui_mode", "departments",
                  "groups", "permissions"]
        read_only_fields = ["username", "first_name", "last_name", "email", "departments"]

    def get_permissions(self, user) -> list[str]:
        return sorted(user.get_all_permissions())


class RefusalSerializer(serializers.Serializer):
    """The portal's one refusal body (portal/commands.py, docs/floor-writes.md), for endpoints that document it:
    a sentence in the caller's language, its kind and, for invalid input, the fields it names."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="invalid, forbidden, not_found, conflict, key_reused, "
                                           "needs_confirmation or busy")
