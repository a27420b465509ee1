"""Serializers of the Finance REST endpoints."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from finance.models import ProductCost, Scenario, ScenarioPartCost, ScenarioUnitChange


class ProductCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCost
        fields = ["part_number", "description", "business_unit", "local", "levels", "list_price", "erp_cost",
                  "standard_cost", "cost", "margin", "margin_percent", "standard_margin_percent", "scenario",
                  "computed_at"]


class PartCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScenarioPartCost
        fields = ["part_number", "unit_cost"]


class UnitChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScenarioUnitChange
        fields = ["business_unit", "percent"]


class ScenarioSerializer(serializers.ModelSerializer):
    part_costs = PartCostSerializer(many=True, read_only=True)
    unit_changes = UnitChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Scenario
        fields = ["id", "name", "description", "margin_threshold", "active", "part_costs", "unit_changes",
                  "updated_at"]


class StructureLineSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    path = serializers.ListField(child=serializers.CharField())
    component = serializers.CharField()
    quantity_per = serializers.DecimalField(max_digits=24, decimal_places=6)
    scrap_percent = serializers.DecimalField(max_digits=12, decimal_places=3)
    quantity = serializers.DecimalField(max_digits=30, decimal_places=10, help_text="Per product unit, scrap "
                                        "of every level included.")
    unit_cost = serializers.DecimalField(max_digits=30, decimal_places=10)
    extended_cost = serializers.DecimalField(max_digits=30, decimal_places=10)
    made = serializers.BooleanField()


class StructureSerializer(serializers.Serializer):
    part_number = serializers.CharField()
    local = serializers.BooleanField()
    scenario = serializers.IntegerField(allow_null=True)
    unit_cost = serializers.DecimalField(max_digits=30, decimal_places=10)
    list_price = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    margin = serializers.DecimalField(max_digits=30, decimal_places=10, allow_null=True)
    margin_percent = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    lines = StructureLineSerializer(many=True)


class AvailabilityQuerySerializer(serializers.Serializer):
    product = serializers.CharField(max_length=40)
    quantity = serializers.DecimalField(max_digits=18, decimal_places=4, min_value=Decimal("0.0001"),
                                        max_value=Decimal("1000000000"))


class ReceiptSerializer(serializers.Serializer):
    po_number = serializers.CharField()
    line_number = serializers.IntegerField()
    due_date = serializers.DateField()
    open_quantity = serializers.DecimalField(max_digits=30, decimal_places=6)


class AvailabilityLineSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    path = serializers.ListField(child=serializers.CharField())
    part = serializers.CharField()
    made = serializers.BooleanField()
    required = serializers.DecimalField(max_digits=36, decimal_places=10)
    supply_before = serializers.DecimalField(max_digits=36, decimal_places=10)
    from_approved = serializers.DecimalField(max_digits=36, decimal_places=10)
    from_pending_qc = serializers.DecimalField(max_digits=36, decimal_places=10)
    from_po = serializers.DecimalField(max_digits=36, decimal_places=10)
    to_build = serializers.DecimalField(max_digits=36, decimal_places=10)
    shortfall = serializers.DecimalField(max_digits=36, decimal_places=10)
    ready_on = serializers.DateField(allow_null=True)
    receipts = ReceiptSerializer(many=True)


class AvailabilitySerializer(serializers.Serializer):
    product = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=18, decimal_places=4)
    buildable_now = serializers.BooleanField()
    ready_on = serializers.DateField(allow_null=True)
    short_parts = serializers.ListField(child=serializers.CharField())
    lines = AvailabilityLineSerializer(many=True)
