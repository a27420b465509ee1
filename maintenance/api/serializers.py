"""Serializers of the maintenance REST endpoints. Every date-time is ISO 8601 with the facility's UTC offset."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.api.fields import FacilityDateTimeField
from portal.models import Machine, ProductionLine
from portal.models.translated import localized

from ..models import ChecklistItem, LabourEntry, PartUsed, PlanStep, PreventivePlan, Priority, Ticket, TicketPhoto
from ..services.commands import technicians

TICKET_ZONE = "ticket.line.facility"


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class MaintenancePartSerializer(serializers.ModelSerializer):
    added_by = serializers.SerializerMethodField()
    added_at = FacilityDateTimeField(zone=TICKET_ZONE)

    class Meta:
        model = PartUsed
        fields = ["id", "part_number", "description", "quantity", "added_by", "added_at"]
        read_only_fields = fields

    def get_added_by(self, row) -> str:
        return _who(row.added_by)


class MaintenanceLabourSerializer(serializers.ModelSerializer):
    technician = serializers.SerializerMethodField()
    started_at = FacilityDateTimeField(zone=TICKET_ZONE)
    ended_at = FacilityDateTimeField(zone=TICKET_ZONE, allow_null=True)

    class Meta:
        model = LabourEntry
        fields = ["id", "technician", "started_at", "ended_at", "minutes", "note"]
        read_only_fields = fields

    def get_technician(self, row) -> str:
        return _who(row.technician)


class MaintenanceChecklistItemSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    done_by = serializers.SerializerMethodField()
    done_at = FacilityDateTimeField(zone=TICKET_ZONE, allow_null=True)

    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "text", "done_by", "done_at", "note"]
        read_only_fields = fields

    def get_text(self, row) -> str:
        return localized(row, "text")

    def get_done_by(self, row) -> str:
        return _who(row.done_by)


class MaintenancePhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    uploaded_at = FacilityDateTimeField(zone=TICKET_ZONE)

    class Meta:
        model = TicketPhoto
        fields = ["id", "url", "caption", "uploaded_at"]
        read_only_fields = fields

    def get_url(self, row) -> str:
        return reverse("maintenance:photo", args=[row.pk])


class MaintenanceTicketSerializer(serializers.ModelSerializer):
    number = serializers.SerializerMethodField()
    line_code = serializers.CharField(source="line.code", read_only=True)
    machine_code = serializers.CharField(source="machine.code", read_only=True, allow_null=True, default=None)
    priority_name = serializers.CharField(source="priority.localized_name", read_only=True)
    priority_rank = serializers.IntegerField(source="priority.rank", read_only=True)
    reported_by = serializers.SerializerMethodField()
    assigned_to_name = serializers.SerializerMethodField()
    past_sla = serializers.SerializerMethodField()
    time_zone = serializers.CharField(source="line.facility.time_zone", read_only=True)
    opened_at = FacilityDateTimeField(zone="line.facility")
    state_entered_at = FacilityDateTimeField(zone="line.facility", allow_null=True)
    responded_at = FacilityDateTimeField(zone="line.facility", allow_null=True)
    finished_at = FacilityDateTimeField(zone="line.facility", allow_null=True)
    verified_at = FacilityDateTimeField(zone="line.facility", allow_null=True)
    response_due = FacilityDateTimeField(zone="line.facility", allow_null=True)
    resolution_due = FacilityDateTimeField(zone="line.facility", allow_null=True)
    sla_breached_at = FacilityDateTimeField(zone="line.facility", allow_null=True)

    class Meta:
        model = Ticket
        fields = ["id", "number", "line", "line_code", "machine", "machine_code", "kind", "source", "priority",
                  "priority_name", "priority_rank", "problem", "description", "state", "state_entered_at",
                  "reported_by", "assigned_to", "assigned_to_name", "time_zone", "opened_at", "responded_at",
                  "finished_at", "verified_at", "response_due", "resolution_due", "sla_breached_at", "past_sla",
                  "hold_reason", "resolution", "labour_minutes", "repair_minutes", "plan", "slot",
                  "idempotency_key"]
        read_only_fields = fields

    def get_number(self, ticket) -> str:
        return f"MT-{ticket.pk}"

    def get_reported_by(self, ticket) -> str:
        return _who(ticket.reported_by)

    def get_assigned_to_name(self, ticket) -> str:
        return _who(ticket.assigned_to)

    def get_past_sla(self, ticket) -> bool:
        return ticket.past_sla(self.context.get("now") or timezone.now())


class MaintenanceTicketDetailSerializer(MaintenanceTicketSerializer):
    parts = MaintenancePartSerializer(many=True, read_only=True)
    labour = MaintenanceLabourSerializer(many=True, read_only=True)
    checklist = MaintenanceChecklistItemSerializer(many=True, read_only=True)
    photos = MaintenancePhotoSerializer(many=True, read_only=True)

    class Meta(MaintenanceTicketSerializer.Meta):
        fields = [*MaintenanceTicketSerializer.Meta.fields, "parts", "labour", "checklist", "photos"]
        read_only_fields = fields


class MaintenanceTicketCreateSerializer(serializers.Serializer):
    """Report a ticket on a line the caller works on (403 otherwise), for an active machine of that line or the
    whole line. ``idempotency_key`` (a UUID the client makes, the caller's own): a repeat answers the ticket
    already opened; the same key with another report is refused (409 ``key_reused``)."""

    line = serializers.PrimaryKeyRelatedField(queryset=ProductionLine.objects.all())
    machine = serializers.PrimaryKeyRelatedField(queryset=Machine.objects.all(), required=False, allow_null=True)
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.filter(active=True), required=False,
                                                  allow_null=True)
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices, default=Ticket.Kind.CORRECTIVE)
    problem = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    idempotency_key = serializers.UUIDField(required=False, allow_null=True)


class MaintenanceTransitionSerializer(serializers.Serializer):
    """A workflow action with what it needs (``resolution`` to finish, ``hold_reason`` to pause, ``assigned_to``
    to assign…) and optional work recorded with it. ``key`` (UUID, the caller's own): applied once, a repeat
    answers the ticket and applies nothing; the same key with another command is refused (409 ``key_reused``)."""

    action = serializers.ChoiceField(choices=[t.name for t in Ticket.workflow.transitions])
    key = serializers.UUIDField(required=False, allow_null=True)
    assigned_to = serializers.PrimaryKeyRelatedField(queryset=technicians(), required=False, allow_null=True,
                                                     help_text="A user who holds the technician capability.")
    hold_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    resolution = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    reopen_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    cancel_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    part_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = technicians()  # evaluated per request, not at import


class MaintenancePartInputSerializer(serializers.Serializer):
    part_number = serializers.CharField(max_length=40)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"),
                                        max_value=Decimal("99999999"), default=1)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    key = serializers.UUIDField(required=False, allow_null=True,
                                help_text="The caller's idempotency key: a repeat answers the first record (200).")


class MaintenanceLabourInputSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=1440)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    key = serializers.UUIDField(required=False, allow_null=True,
                                help_text="The caller's idempotency key: a repeat answers the first record (200).")


class MaintenanceTickInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, help_text="A checklist item of this ticket.")
    done = serializers.BooleanField(default=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    key = serializers.UUIDField(required=False, allow_null=True,
                                help_text="The caller's idempotency key: a repeat answers the first record (200).")


class MaintenanceReliabilitySerializer(serializers.ModelSerializer):
    """MTBF/MTTR of a machine over the period (the same aggregate as the MTBF/MTTR page and machine history)."""

    line_code = serializers.CharField(source="line.code", read_only=True)
    name = serializers.CharField(source="localized_name", read_only=True)
    failures = serializers.IntegerField(read_only=True)
    repaired = serializers.IntegerField(read_only=True)
    repair_minutes = serializers.IntegerField(read_only=True)
    downtime_minutes = serializers.IntegerField(read_only=True)
    mtbf_hours = serializers.FloatField(read_only=True, allow_null=True)
    mttr_hours = serializers.FloatField(read_only=True, allow_null=True)
    period_start = serializers.SerializerMethodField()
    period_end = serializers.SerializerMethodField()

    class Meta:
        model = Machine
        fields = ["id", "code", "name", "line", "line_code", "failures", "repaired", "repair_minutes",
                  "downtime_minutes", "mtbf_hours", "mttr_hours", "period_start", "period_end"]
        read_only_fields = fields

    def _local(self, machine, moment) -> str:
        from portal.services.localtime import to_local

        return to_local(moment, machine.line.facility).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_period_start(self, machine) -> str:
        return self._local(machine, self.context["period"][0])

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_period_end(self, machine) -> str:
        return self._local(machine, self.context["period"][1])


class MaintenancePlanStepSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="localized_name", read_only=True)

    class Meta:
        model = PlanStep
        fields = ["id", "order", "text"]
        read_only_fields = fields


class MaintenancePlanSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="localized_name", read_only=True)
    machine_code = serializers.CharField(source="machine.code", read_only=True)
    line = serializers.IntegerField(source="machine.line_id", read_only=True)
    priority_name = serializers.CharField(source="priority.localized_name", read_only=True)
    last_completed_at = FacilityDateTimeField(zone="machine.line.facility", allow_null=True)
    steps = MaintenancePlanStepSerializer(many=True, read_only=True)

    class Meta:
        model = PreventivePlan
        fields = ["id", "name", "machine", "machine_code", "line", "trigger", "interval", "start_date", "priority",
                  "priority_name", "instructions", "last_completed_at", "active", "steps"]
        read_only_fields = fields


class MaintenancePlanDueSerializer(serializers.Serializer):
    slot = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    progress = serializers.FloatField(help_text="Days past the due date, or running hours / units since the last "
                                                "completion.")
    is_due = serializers.BooleanField()


class MaintenancePlanDetailSerializer(MaintenancePlanSerializer):
    due = serializers.SerializerMethodField()

    class Meta(MaintenancePlanSerializer.Meta):
        fields = [*MaintenancePlanSerializer.Meta.fields, "due"]
        read_only_fields = fields

    @extend_schema_field(MaintenancePlanDueSerializer)
    def get_due(self, plan) -> dict:
        from ..services.preventive import due_of

        due = due_of(plan)
        return MaintenancePlanDueSerializer({"slot": due.slot, "due_date": due.due_date,
                                             "progress": float(due.progress), "is_due": due.is_due}).data
