"""Serializers of the quality REST endpoints."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from ..forms import leaf_defect_codes
from ..models import CustomerReturn, InternalReject, Ncr, SopTicket


class RejectSerializer(serializers.ModelSerializer):
    class Meta:
        model = InternalReject
        fields = ["id", "line", "machine", "production_order", "erp_job", "part", "quantity", "defect", "cause",
                  "occurred_at", "state", "state_entered_at", "review_note", "planning_action", "created_by",
                  "created_at", "idempotency_key"]
        read_only_fields = ["state", "state_entered_at", "review_note", "planning_action", "created_by",
                            "created_at"]
        extra_kwargs = {"idempotency_key": {"read_only": False, "required": False, "allow_null": True}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "defect" in self.fields and not self.fields["defect"].read_only:
            self.fields["defect"].queryset = leaf_defect_codes()

    def validate(self, attrs):
        machine, line = attrs.get("machine"), attrs.get("line")
        if machine is not None and line is not None and machine.line_id != line.pk:
            raise serializers.ValidationError({"machine": _("This machine is not on that line.")})
        order = attrs.get("production_order")
        if order is not None and not attrs.get("erp_job"):
            attrs["erp_job"] = order.erp_job
        return attrs


class TicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = SopTicket
        fields = ["id", "charging_department", "charged_department", "sop_reference", "description", "state",
                  "state_entered_at", "dispute_reason", "reassignment_justification", "head_decision",
                  "created_by", "created_at"]
        read_only_fields = fields


class ReturnSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerReturn
        fields = ["id", "facility", "customer", "sales_order", "part", "lot", "quantity", "reason", "defect",
                  "findings", "disposition", "disposition_note", "received_at", "state", "state_entered_at"]
        read_only_fields = fields


class NcrSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ncr
        fields = ["id", "title", "description", "facility", "department", "owner", "due_at", "sop_ticket", "reject",
                  "customer_return", "containment_action", "root_cause", "corrective_action", "preventive_action",
                  "state", "state_entered_at", "created_at"]
        read_only_fields = fields
