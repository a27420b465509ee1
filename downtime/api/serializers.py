from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from downtime.models import Category, DowntimeEvent
from portal.api.fields import FacilityDateTimeField, WallClockDateTimeField, localize_input
from portal.models import ProductionLine, Shift
from portal.services.machines import machine_on_line

CREW_MESSAGE = _("Crew size must be a whole number, 0 or more.")


class DowntimeEventSerializer(serializers.ModelSerializer):
    line_code = serializers.CharField(source="line.code", read_only=True)
    category_name = serializers.CharField(source="category.__str__", read_only=True)
    category_path = serializers.SerializerMethodField(
        help_text="The reason's full path from the top level, e.g. “Mechanical › Conveyor › Belt slip”.")
    shift_name = serializers.CharField(source="shift.localized_name", read_only=True, default=None)
    machine = serializers.CharField(source="machine.code", read_only=True, default=None,
                                    help_text="Code of the line's machine that stopped; null when the whole line did.")
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    # Plant-local: the facility's wall-clock time with its own offset, and the zone's name.
    time_zone = serializers.CharField(source="line.facility.time_zone", read_only=True,
                                      help_text="The facility's time zone; every time of the event is in it.")
    start = FacilityDateTimeField(zone="line.facility")
    end = FacilityDateTimeField(zone="line.facility")
    created_at = FacilityDateTimeField(zone="line.facility")
    updated_at = FacilityDateTimeField(zone="line.facility")

    class Meta:
        model = DowntimeEvent
        fields = ["id", "idempotency_key", "facility", "line", "line_code", "time_zone", "start", "end",
                  "duration_minutes", "crew_size", "category", "category_name", "category_path", "job_number",
                  "part_number", "part_description", "shift", "shift_name", "machine", "production_date", "comments",
                  "created_by", "created_at", "updated_at"]
        read_only_fields = fields

    def get_category_path(self, event) -> str:
        # a list reads the tree once (the view's context); a single event walks its own category's lineage
        names = self.context.get("category_names")
        return names.full_name(event.category.path) if names is not None else event.category.full_name


class DowntimeEventWriteSerializer(serializers.Serializer):
    """Input of create/update; the rules themselves live in downtime.services.events."""

    line = serializers.PrimaryKeyRelatedField(queryset=ProductionLine.objects.select_related("facility"))
    start = WallClockDateTimeField(help_text="ISO 8601; without an offset it is the line's facility's local time.")
    end = WallClockDateTimeField(help_text="ISO 8601; without an offset it is the line's facility's local time.")
    crew_size = serializers.IntegerField(min_value=0, max_value=500, default=0,
                                         error_messages={"invalid": CREW_MESSAGE, "min_value": CREW_MESSAGE})
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.select_related("parent"))
    job_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    shift = serializers.PrimaryKeyRelatedField(queryset=Shift.objects.all(), required=False, allow_null=True,
                                               default=None)
    comments = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    machine = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True, default="",
                                    help_text="Code of the line's machine that stopped (any case); empty: the line.")
    confirm_long = serializers.BooleanField(default=False)
    confirm_overlap = serializers.BooleanField(default=False)
    confirm_quantity = serializers.BooleanField(
        default=False, help_text="True to record a crew well above the line's usual crew, after a 409 asked for it.")
    idempotency_key = serializers.UUIDField(required=False)

    def validate(self, attrs: dict) -> dict:
        try:
            attrs["machine"] = machine_on_line(attrs["line"], attrs.get("machine") or "")
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return localize_input(attrs, ("start", "end"), attrs["line"].facility)


class _CategoryTotalSerializer(serializers.Serializer):
    category = serializers.IntegerField()
    label = serializers.CharField()
    events = serializers.IntegerField()
    minutes = serializers.IntegerField()
    share = serializers.FloatField(help_text="Percent of all downtime minutes.")
    cumulative = serializers.FloatField(help_text="Running percent in Pareto order.")


class _LineTotalSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    code = serializers.CharField()
    events = serializers.IntegerField()
    minutes = serializers.IntegerField()


class _ShiftTotalSerializer(serializers.Serializer):
    shift = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    events = serializers.IntegerField()
    minutes = serializers.IntegerField()


class _DayTotalSerializer(serializers.Serializer):
    production_date = serializers.DateField()
    events = serializers.IntegerField()
    minutes = serializers.IntegerField()


class DowntimeSummarySerializer(serializers.Serializer):
    """Shape of /api/downtime/summary/ (documentation of the response)."""

    level = serializers.IntegerField(help_text="The category level the Pareto rolls up to (?level=, 1 = top).")
    events = serializers.IntegerField()
    minutes = serializers.IntegerField()
    labour_minutes = serializers.IntegerField()
    by_category = _CategoryTotalSerializer(many=True)
    by_line = _LineTotalSerializer(many=True)
    by_shift = _ShiftTotalSerializer(many=True)
    by_day = _DayTotalSerializer(many=True)
