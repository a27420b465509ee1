"""Serializers of the scheduling API."""

from __future__ import annotations

from rest_framework import serializers

from erp.models import SalesOrderLine
from portal.api.fields import FacilityDateTimeField
from scheduling.models import ProjectionField
from scheduling.services.grid import user_label

MONEY = {"max_digits": 18, "decimal_places": 2}
QUANTITY = {"max_digits": 18, "decimal_places": 4}


class GridLineSerializer(serializers.ModelSerializer):
    """One open SO line with its projection (``version`` 0: no projection yet)."""

    customer_name = serializers.CharField()
    customer_po = serializers.CharField(allow_null=True)
    description = serializers.CharField()
    uom = serializers.CharField()
    open_quantity = serializers.DecimalField(source="open_qty", **QUANTITY)
    open_value = serializers.DecimalField(**MONEY, help_text="Open quantity × unit price.")
    low_risk_qty = serializers.IntegerField()
    low_risk_value = serializers.DecimalField(**MONEY, help_text="Low-risk quantity × unit price.")
    high_risk_qty = serializers.IntegerField()
    high_risk_value = serializers.DecimalField(**MONEY, help_text="High-risk quantity × unit price.")
    version = serializers.IntegerField(source="projection_version",
                                       help_text="Name it in a PATCH of the projection; 0 when none exists yet.")
    projection_updated_by = serializers.CharField()
    projection_updated_at = FacilityDateTimeField(allow_null=True, erp_facility="facility")

    class Meta:
        model = SalesOrderLine
        fields = ["id", "sales_order", "line_number", "customer", "customer_name", "customer_po", "part",
                  "description", "uom", "facility", "business_unit", "order_type", "due_date", "quantity_ordered",
                  "quantity_shipped", "open_quantity", "unit_price", "open_value", "low_risk_qty", "low_risk_value",
                  "high_risk_qty", "high_risk_value", "version", "projection_updated_by", "projection_updated_at"]
        read_only_fields = fields


class ProjectionUpdateSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=ProjectionField.choices)
    value = serializers.JSONField(help_text="A whole quantity ≥ 0 (a number or its text; empty means 0).")
    version = serializers.IntegerField(min_value=0, help_text="The version the change starts from (0: none yet).")


class ProjectionStateSerializer(serializers.Serializer):
    line_id = serializers.IntegerField()
    low_risk_qty = serializers.IntegerField()
    high_risk_qty = serializers.IntegerField()
    low_risk_value = serializers.DecimalField(**MONEY)
    high_risk_value = serializers.DecimalField(**MONEY)
    low_risk_value_display = serializers.CharField(help_text="The value as the grid shows it.")
    high_risk_value_display = serializers.CharField()
    version = serializers.IntegerField()
    updated_by = serializers.CharField()
    updated_at = FacilityDateTimeField(allow_null=True)  # the portal's zone, with its offset


class ProjectionChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old_value = serializers.IntegerField(allow_null=True)
    new_value = serializers.IntegerField()
    version = serializers.IntegerField()
    changed_by = serializers.SerializerMethodField()
    changed_at = FacilityDateTimeField()

    def get_changed_by(self, change) -> str:
        return user_label(change.changed_by)


class ProjectionDetailSerializer(ProjectionStateSerializer):
    history = ProjectionChangeSerializer(many=True, help_text="The latest changes, newest first.")


class ProjectionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    field = serializers.CharField()
    current_value = serializers.IntegerField()
    current = ProjectionStateSerializer()


class AgeBucketSerializer(serializers.Serializer):
    min_days = serializers.IntegerField()
    max_days = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(**MONEY)


class ScheduleSummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    month_end = serializers.DateField()
    fg_buckets = AgeBucketSerializer(many=True)
    fg_total = serializers.DecimalField(**MONEY)
    shipped_this_month = serializers.DecimalField(**MONEY)
    projected_low_risk = serializers.DecimalField(**MONEY)
    projected_high_risk = serializers.DecimalField(**MONEY)
    likely_this_month = serializers.DecimalField(**MONEY)
    potential_this_month = serializers.DecimalField(**MONEY)


class GridPreferenceSerializer(serializers.Serializer):
    hidden_columns = serializers.ListField(child=serializers.CharField(max_length=60), max_length=60)
