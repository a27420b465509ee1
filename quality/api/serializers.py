"""Serializers of the quality REST endpoints."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.models import Machine, ProductionLine

from ..models import Capa, CustomerReturn, InternalReject, Ncr, SopTicket
from ..services.floor import leaf_defect_codes


class RejectSerializer(serializers.ModelSerializer):
    """Parses a reject; ``quality.services.floor.record_reject`` checks the line (the caller's), the machine (an
    active one of that line), the time, the defect code and the photo, and records it once per key."""

    photo = serializers.FileField(write_only=True, required=False, allow_null=True,
                                  help_text=_("A JPEG, PNG or WebP photo (multipart/form-data)."))
    photo_url = serializers.SerializerMethodField(help_text=_("Where the photo is served, if there is one."))
    # The plausibility check's confirmations (portal/services/plausibility.py): sent true after a 409
    # needs_confirmation asked for them, so no client stores an implausible reject by accident.
    confirm_quantity = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("True to record a quantity above the job's, the line's capacity per shift or the stock."))
    confirm_new_part = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text=_("True to record a part the ERP does not know."))
    confirm_new_job = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text=_("True to record an ERP job the ERP does not know."))

    class Meta:
        model = InternalReject
        fields = ["id", "line", "machine", "production_order", "erp_job", "part", "quantity", "defect", "cause",
                  "occurred_at", "state", "state_entered_at", "review_note", "planning_action", "created_by",
                  "created_at", "idempotency_key", "photo", "photo_url", "confirm_quantity", "confirm_new_part",
                  "confirm_new_job"]
        read_only_fields = ["state", "state_entered_at", "review_note", "planning_action", "created_by",
                            "created_at"]
        extra_kwargs = {"idempotency_key": {"read_only": False, "required": False, "allow_null": True},
                        "line": {"queryset": ProductionLine.objects.all()},
                        "machine": {"queryset": Machine.objects.all()}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "defect" in self.fields and not self.fields["defect"].read_only:
            self.fields["defect"].queryset = leaf_defect_codes()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_photo_url(self, reject: InternalReject) -> str | None:
        return reverse("quality:reject-photo", args=[reject.pk]) if reject.photo else None


class TicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = SopTicket
        fields = ["id", "charging_department", "charged_department", "sop_reference", "description", "state",
                  "state_entered_at", "dispute_reason", "reassignment_justification", "head_decision",
                  "closing_note", "created_by", "created_at"]
        read_only_fields = fields


class TicketCreateSerializer(serializers.Serializer):
    """What raising a ticket takes (validated by the page's form)."""

    charging_department = serializers.IntegerField(
        required=False, help_text=_("The caller's own department by default; another only for a quality "
                                    "administrator (audited)."))
    charged_department = serializers.IntegerField(help_text=_("The department charged with the SOP failure."))
    sop_reference = serializers.CharField(max_length=50)
    description = serializers.CharField()


class ReturnSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerReturn
        fields = ["id", "facility", "customer", "sales_order", "part", "lot", "quantity", "reason", "defect",
                  "findings", "disposition", "disposition_note", "received_at", "state", "state_entered_at"]
        read_only_fields = fields


class NcrSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ncr
        fields = ["id", "title", "description", "facility", "department", "owner", "severity", "due_at",
                  "sop_ticket", "reject",
                  "customer_return", "containment_action", "root_cause", "corrective_action", "preventive_action",
                  "state", "state_entered_at", "created_at"]
        read_only_fields = fields


class NcrCreateSerializer(serializers.Serializer):
    """What opening an NCR takes (validated by the page's form); optionally the record it comes from."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    facility = serializers.IntegerField(required=False, allow_null=True)
    department = serializers.IntegerField()
    owner = serializers.IntegerField()
    severity = serializers.ChoiceField(choices=Ncr.Severity.choices, required=False,
                                       help_text=_("major by default; sets the due date when none is given."))
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    sop_ticket = serializers.IntegerField(required=False, help_text=_("Opened from this SOP ticket."))
    reject = serializers.IntegerField(required=False, help_text=_("Opened from this internal reject."))
    customer_return = serializers.IntegerField(required=False, help_text=_("Opened from this customer return."))


class CapaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Capa
        fields = ["id", "ncr", "action", "owner", "due_date", "implementation_note", "effectiveness_check",
                  "checked_by", "checked_at", "state", "state_entered_at", "created_at"]
        read_only_fields = fields


class CapaCreateSerializer(serializers.Serializer):
    action = serializers.CharField()
    owner = serializers.IntegerField()
    due_date = serializers.DateField(required=False, allow_null=True)


class ReturnCreateSerializer(serializers.Serializer):
    """What recording a customer return takes (validated by the page's form; multipart for a photo)."""

    facility = serializers.IntegerField()
    customer = serializers.CharField(max_length=100)
    sales_order = serializers.CharField(max_length=40, required=False)
    part = serializers.CharField(max_length=60)
    lot = serializers.CharField(max_length=60, required=False)
    quantity = serializers.IntegerField(min_value=1)
    reason = serializers.CharField()
    defect = serializers.IntegerField(required=False, allow_null=True)
    received_at = serializers.DateTimeField(required=False)
    photo = serializers.FileField(required=False)
    idempotency_key = serializers.UUIDField(required=False)


class ReturnPhotoInputSerializer(serializers.Serializer):
    image = serializers.FileField()
    idempotency_key = serializers.UUIDField(required=False)
