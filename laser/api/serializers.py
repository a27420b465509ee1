from django.utils.translation import gettext as _
from rest_framework import serializers

from portal.api.fields import FacilityDateTimeField
from portal.models import Machine

from ..materials import SheetSize
from ..models import DailyReport, ExtraOperator, InventoryItem, LaserRun, Project


class LaserRunSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    machine_code = serializers.CharField(source="machine.code", read_only=True)
    operator = serializers.CharField(source="operator.username", read_only=True)
    extra_operators = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    preset = serializers.StringRelatedField(read_only=True)  # null when a manager started it without one
    override_by = serializers.CharField(source="override_by.username", read_only=True, allow_null=True,
                                        default=None)
    started_at = FacilityDateTimeField(zone="machine.line.facility")
    ended_at = FacilityDateTimeField(zone="machine.line.facility", allow_null=True)

    class Meta:
        model = LaserRun
        fields = ["id", "project", "project_code", "machine", "machine_code", "operator", "extra_operators",
                  "preset", "override_by", "override_reason",
                  "material_type", "thickness_mm", "status", "started_at", "ended_at", "sheets_used",
                  "sheet_size", "parts_cut", "notes", "start_key", "end_key"]
        read_only_fields = fields


class LaserRunStartSerializer(serializers.Serializer):
    start_key = serializers.CharField(max_length=64, help_text="Idempotency key: a repeated key returns the run.")
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    machine = serializers.PrimaryKeyRelatedField(queryset=Machine.objects.all())
    extra_operators = serializers.PrimaryKeyRelatedField(queryset=ExtraOperator.objects.filter(active=True),
                                                         many=True, required=False, default=list)
    reason = serializers.CharField(max_length=250, required=False, allow_blank=True, default="",
                                   help_text="A manager starting a run without a preset: why (recorded).")
    confirm_material = serializers.BooleanField(required=False, default=False,
                                                help_text="A manager starting a run on a project short of "
                                                          "material: confirms the material block.")


class LaserRunEndSerializer(serializers.Serializer):
    start_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                      help_text="The key the run was started with (one of your runs).")
    run = serializers.IntegerField(required=False, allow_null=True, default=None,
                                   help_text="The run's id, instead of its start key (a lead ending an operator's "
                                             "run).")
    end_key = serializers.CharField(max_length=64, help_text="Idempotency key of this end.")
    sheets_used = serializers.IntegerField(min_value=0, max_value=10_000)
    sheet_size = serializers.ChoiceField(choices=SheetSize.choices, required=False, allow_blank=True, default="")
    parts_cut = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, default=0)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("start_key") and attrs.get("run") is None:
            raise serializers.ValidationError({"start_key": _("Send the run's start key.")})
        return attrs


class LaserProjectSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="client.name", read_only=True)
    state_entered_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Project
        fields = ["id", "code", "client", "description", "material_type", "thickness_mm", "sheet_size",
                  "sheets_required", "target_date", "stage", "state_entered_at"]
        read_only_fields = fields


class LaserInventoryItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = InventoryItem
        fields = ["id", "material_type", "thickness_mm", "sheet_size", "quantity", "minimum", "is_low"]
        read_only_fields = fields

    is_low = serializers.BooleanField(read_only=True)


class LaserDailyReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyReport
        fields = ["id", "day", "generated_at", "data", "text"]
        read_only_fields = fields
