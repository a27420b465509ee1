"""Serializers of the planning API."""

from __future__ import annotations

from rest_framework import serializers

from portal.models import Facility, Machine, ProductionLine

from ..models import CapacityOverride, Operation, OrderItem, PlanException, PlanningOrder, Routing
from ..services.orders import create_order


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderItem
        fields = ["id", "product", "description", "quantity", "so_line_id"]
        read_only_fields = ["id"]


class PlanStageSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number", read_only=True)
    line_code = serializers.CharField(source="line.code", read_only=True)
    machine_code = serializers.CharField(source="machine.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Operation
        fields = ["id", "order", "order_number", "sequence", "stage", "machine_type", "line", "line_code", "machine",
                  "machine_code", "planned_start", "planned_end", "units"]
        read_only_fields = fields


class PlanOrderSerializer(serializers.ModelSerializer):
    facility = serializers.SlugRelatedField(slug_field="code", queryset=Facility.objects.filter(active=True))
    product_family = serializers.SlugRelatedField(source="routing", slug_field="product_family",
                                                  queryset=Routing.objects.filter(active=True))
    items = PlanItemSerializer(many=True)
    stages = PlanStageSerializer(source="operations", many=True, read_only=True)

    class Meta:
        model = PlanningOrder
        fields = ["id", "number", "facility", "product_family", "customer", "priority", "due_date", "source",
                  "erp_reference", "state", "state_entered_at", "items", "stages"]
        read_only_fields = ["id", "source", "state", "state_entered_at", "stages"]

    def validate_due_date(self, value):
        return plausible(value)

    def validate_items(self, items):
        if not items:
            raise serializers.ValidationError("An order needs at least one item.")
        return items

    def create(self, validated_data):
        """Through the one write path (planning.services.orders); its refusal is a 409 with the reason."""
        values = dict(validated_data)
        return create_order(routing=values.pop("routing"), user=values.pop("created_by", None), **values)


class PlanTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["release", "start", "finish", "hold", "resume", "cancel"])
    hold_reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    cancel_reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class PlanFromErpSerializer(serializers.Serializer):
    """Plan an open ERP sales order line or job: give exactly one of ``so_line`` and ``job``."""

    product_family = serializers.SlugRelatedField(slug_field="product_family",
                                                  queryset=Routing.objects.filter(active=True))
    so_line = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    job = serializers.CharField(required=False, max_length=40)
    priority = serializers.IntegerField(required=False, default=3, min_value=1, max_value=5)
    schedule_start = serializers.DateTimeField(
        required=False, help_text="schedule the order's stages from this moment (with its offset)")

    def validate_schedule_start(self, value):
        if value.tzinfo is None or value.utcoffset() is None:
            raise serializers.ValidationError("Give the time zone offset, e.g. 2026-03-02T06:00:00-06:00.")
        return plausible(value)

    def validate(self, attrs):
        if bool(attrs.get("so_line")) == bool((attrs.get("job") or "").strip()):
            raise serializers.ValidationError("Give either so_line or job.")
        return attrs


def plausible(moment):
    """Plans live in this century; far dates are typos (and would overflow date arithmetic)."""
    if not 2000 <= moment.year <= 2100:
        raise serializers.ValidationError("Give a date between the years 2000 and 2100.")
    return moment


class PlanMoveSerializer(serializers.Serializer):
    start = serializers.DateTimeField(validators=[plausible])
    end = serializers.DateTimeField(required=False, validators=[plausible])
    machine = serializers.PrimaryKeyRelatedField(queryset=Machine.objects.all(), required=False, allow_null=True)
    line = serializers.PrimaryKeyRelatedField(queryset=ProductionLine.objects.all(), required=False, allow_null=True)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class PlanRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PlanUtilizationSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="line.pk")
    line_code = serializers.CharField(source="line.code")
    day = serializers.DateField()
    planned = serializers.FloatField()
    capacity = serializers.FloatField()
    actual = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    over_capacity = serializers.BooleanField()


class PlanCapacityOverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = CapacityOverride
        fields = ["id", "line", "first_day", "last_day", "units_per_day", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate(self, attrs):
        for name in ("first_day", "last_day"):
            plausible(attrs[name])
        if attrs["last_day"] < attrs["first_day"]:
            raise serializers.ValidationError({"last_day": "The period ends before it starts."})
        if (attrs["last_day"] - attrs["first_day"]).days > 366:
            raise serializers.ValidationError({"last_day": "An override covers at most a year."})
        return attrs


class PlanExceptionSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = PlanException
        fields = ["id", "kind", "detail", "order", "order_number", "line", "day", "state", "assignee",
                  "resolution_reason", "detected_at"]
        read_only_fields = fields


class PlanResolveSerializer(serializers.Serializer):
    resolution_reason = serializers.CharField(max_length=4000)
