"""Serializers of the MRP API (read-only views of a stored run)."""

from rest_framework import serializers

from mrp.models import MrpLine, MrpRun
from mrp.services import components_of


# Status codes as plain strings: enum components named "status" would collide with other apps' in the schema.
class RunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", default=None)
    status = serializers.CharField(help_text="QUEUED, RUNNING, DONE or FAILED")
    trigger = serializers.CharField(help_text="MANUAL, SCHEDULED or COMMAND")

    class Meta:
        model = MrpRun
        fields = ["id", "status", "progress", "step", "trigger", "requested_by", "created_at", "started_at",
                  "finished_at", "sizes", "timings", "counts", "error"]


def _quantity():
    # Exact decimals as computed (no fixed number of places): 2.255, 1.6, 40.
    return serializers.DecimalField(max_digits=None, decimal_places=None)


class ComponentSerializer(serializers.Serializer):
    part_number = serializers.CharField()
    need_per_unit = _quantity()
    required = _quantity()
    supply_before = _quantity()
    from_approved = _quantity()
    from_pending_qc = _quantity()
    from_po = _quantity()
    shortfall = _quantity()
    bottleneck = serializers.BooleanField()


LINE_STATUS_HELP = ("READY_TO_SHIP, PENDING_QC, JOB_CREATED, FULL_PRODUCTION_READY, PARTIAL_SHIP, "
                    "PARTIAL_PRODUCTION_READY or CRITICAL_SHORTAGE")


class LineSerializer(serializers.ModelSerializer):
    components = serializers.SerializerMethodField()
    status = serializers.CharField(help_text=LINE_STATUS_HELP)

    class Meta:
        model = MrpLine
        fields = ["position", "so_line_id", "so_number", "line_number", "customer_code", "customer_name",
                  "part_number", "description", "business_unit", "facility", "due_date", "quantity", "unit_price",
                  "value", "from_approved", "from_pending_qc", "from_jobs", "remainder", "producible", "status",
                  "bottleneck", "components"]

    def get_components(self, line) -> list[dict]:
        return ComponentSerializer(components_of(line), many=True).data


class ShortageSerializer(serializers.Serializer):
    component = serializers.CharField()
    description = serializers.CharField()
    uom = serializers.CharField()
    on_hand = serializers.DecimalField(max_digits=30, decimal_places=6)
    open_po = serializers.DecimalField(max_digits=30, decimal_places=6)
    shortfall = serializers.DecimalField(max_digits=30, decimal_places=6)
    earliest_due = serializers.DateField()
    lines = serializers.IntegerField()
    customers = serializers.ListField(child=serializers.CharField())
    so_numbers = serializers.ListField(child=serializers.CharField())


class CardsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    critical = serializers.IntegerField()
    total_value = serializers.DecimalField(max_digits=20, decimal_places=2)
    on_track_value = serializers.DecimalField(max_digits=20, decimal_places=2)
    at_risk_value = serializers.DecimalField(max_digits=20, decimal_places=2)
    critical_value = serializers.DecimalField(max_digits=20, decimal_places=2)


class ForecastLineSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text=LINE_STATUS_HELP)
    ready_by = serializers.DateField(help_text="Today plus the line's lead (0 days when nothing remains to produce).")
    forecast_reason = serializers.CharField(
        allow_null=True, help_text="Why the line is at risk / partial: partial, shortage or lead; null when likely.")

    class Meta:
        model = MrpLine
        fields = ["so_number", "line_number", "customer_code", "customer_name", "part_number", "due_date",
                  "quantity", "value", "status", "remainder", "ready_by", "forecast_reason"]


class ForecastSerializer(serializers.Serializer):
    month_start = serializers.DateField()
    month_end = serializers.DateField()
    lead_days = serializers.IntegerField()
    likely_value = serializers.DecimalField(max_digits=20, decimal_places=2)
    at_risk_value = serializers.DecimalField(max_digits=20, decimal_places=2)
    likely = ForecastLineSerializer(many=True)
    at_risk = ForecastLineSerializer(many=True)
