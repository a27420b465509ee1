from rest_framework import serializers

from portal.api.fields import FacilityDateTimeField
from portal.models import ProductionLine

from ..models import Movement


class MovementSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", read_only=True)
    line_code = serializers.CharField(source="line.code", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    time_zone = serializers.CharField(source="line.facility.time_zone", read_only=True,
                                      help_text="The work center's plant time zone; `at` is in it.")
    at = FacilityDateTimeField(zone="line.facility")

    class Meta:
        model = Movement
        fields = ["id", "order", "line", "line_code", "direction", "quantity", "kind", "reason", "reverses",
                  "erp_job", "user", "at", "time_zone", "idempotency_key"]
        read_only_fields = fields


class MovementWriteSerializer(serializers.Serializer):
    line = serializers.PrimaryKeyRelatedField(queryset=ProductionLine.objects.select_related("facility"))
    order_number = serializers.CharField(max_length=40)
    direction = serializers.ChoiceField(choices=Movement.Direction.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    erp_job = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class RecordedSerializer(serializers.Serializer):
    movement = MovementSerializer()
    balance = serializers.IntegerField(help_text="The order's balance at the work center after this movement.")


class RefusedSerializer(serializers.Serializer):
    """A refusal by the ledger's rules (detail, field, balance) or invalid input (field name -> messages)."""

    detail = serializers.CharField(required=False)
    field = serializers.CharField(allow_null=True, required=False)
    balance = serializers.IntegerField(allow_null=True, required=False,
                                       help_text="The balance, when an OUT above it was refused.")


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class BalanceRowSerializer(serializers.Serializer):
    """One row of the balance report; the fields naming the group are those of the chosen ``group``."""

    work_center = serializers.CharField(source="line__code", required=False)
    facility = serializers.CharField(source="line__facility__code", required=False)
    order = serializers.CharField(source="order__number", required=False)
    erp_job = serializers.CharField(source="order__erp_job", required=False)
    department = serializers.CharField(source="line__departments__name", required=False, allow_null=True,
                                       help_text="group=department; null for work centers in no department.")
    user = serializers.CharField(source="user__username", required=False)
    qty_in = serializers.IntegerField()
    qty_out = serializers.IntegerField()
    balance = serializers.IntegerField(source="net")
    movements = serializers.IntegerField()
    orders = serializers.IntegerField(required=False, help_text="Distinct orders (group=line, department, user).")
    work_centers = serializers.IntegerField(required=False, help_text="Distinct work centers (group=order).")

    def to_representation(self, instance: dict) -> dict:
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if self.fields[name].source in instance}
