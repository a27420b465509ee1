import datetime as dt

from rest_framework import serializers

from portal.api.fields import FacilityDateTimeField
from portal.api.serializers import RefusalSerializer
from portal.models import ProductionLine

from ..models import Movement


class MovementSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", read_only=True)
    line_code = serializers.CharField(source="line.code", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    time_zone = serializers.CharField(source="line.facility.time_zone", read_only=True,
                                      help_text="The work center's plant time zone; `at` is in it.")
    at = FacilityDateTimeField(zone="line.facility")
    machine = serializers.CharField(source="machine.code", read_only=True, default=None,
                                    help_text="Code of the work center's machine that made the units, if given.")

    class Meta:
        model = Movement
        fields = ["id", "order", "line", "line_code", "machine", "direction", "quantity", "kind", "reason",
                  "reverses", "erp_job", "user", "at", "time_zone", "idempotency_key"]
        read_only_fields = fields


class MovementWriteSerializer(serializers.Serializer):
    line = serializers.PrimaryKeyRelatedField(queryset=ProductionLine.objects.select_related("facility"))
    order_number = serializers.CharField(max_length=40)
    direction = serializers.ChoiceField(choices=Movement.Direction.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    erp_job = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="",
        help_text="The caller's key of this movement: sent again with the same body it answers the movement recorded "
                  "the first time (200); with another body it is refused (409, code key_reused). Keys are per user.")
    at = serializers.DateTimeField(
        required=False, allow_null=True, default=None,
        help_text="When the units moved (default: now); at most 5 minutes ahead and 366 days back.")
    machine = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True, default="",
                                    help_text="Code of the work center's machine (any case); optional.")
    confirm_quantity = serializers.BooleanField(
        required=False, default=False,
        help_text="True to record a quantity above the order's (or the line's capacity per shift), after a 409 "
                  "needs_confirmation asked for it.")
    confirm_new_order = serializers.BooleanField(
        required=False, default=False, help_text="True to record an order number the ERP and the plan do not know.")
    confirm_new_job = serializers.BooleanField(
        required=False, default=False, help_text="True to link an ERP job number the ERP does not know.")


class RecordedSerializer(serializers.Serializer):
    movement = MovementSerializer()
    balance = serializers.IntegerField(help_text="The order's balance at the work center after this movement.")


class RefusedSerializer(RefusalSerializer):
    """A 409 of the ledger in the portal's contract: the core's body and, for an OUT above the balance, the
    balance."""

    balance = serializers.IntegerField(required=False,
                                       help_text="The balance, when an OUT (or a correction) above it was refused.")


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    idempotency_key = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="",
        help_text="The caller's key of this correction: sent again, it answers the correction recorded the first "
                  "time (200).")


class BalanceRowSerializer(serializers.Serializer):
    """One row of the balance report; the fields naming the group are those of the chosen ``group``."""

    work_center = serializers.CharField(source="line__code", required=False)
    facility = serializers.CharField(source="line__facility__code", required=False)
    order = serializers.CharField(source="order__number", required=False)
    erp_job = serializers.CharField(source="order__erp_job", required=False)
    department = serializers.CharField(source="line__departments__name", required=False, allow_null=True,
                                       help_text="group=department; null for work centers in no department.")
    user = serializers.CharField(source="user__username", required=False)
    opening = serializers.IntegerField(required=False, help_text="Balance before the first date (default group).")
    qty_in = serializers.IntegerField()
    qty_out = serializers.IntegerField()
    balance = serializers.IntegerField(source="net", help_text="IN - OUT of the dates.")
    closing = serializers.IntegerField(required=False, help_text="Opening + IN - OUT (default group).")
    last_user = serializers.CharField(required=False, allow_null=True,
                                      help_text="Who recorded the last movement up to the last date (default group).")
    last_department = serializers.CharField(required=False, allow_null=True,
                                            help_text="That user's department (default group).")
    movements = serializers.IntegerField()
    orders = serializers.IntegerField(required=False, help_text="Distinct orders (group=line, department, user).")
    work_centers = serializers.IntegerField(required=False, help_text="Distinct work centers (group=order).")

    def to_representation(self, instance: dict) -> dict:
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if self.fields[name].source in instance}


class OeeQuerySerializer(serializers.Serializer):
    """Query parameters of the OEE endpoint (the report's filters)."""

    first = serializers.DateField(help_text="First plant-local date (a shift belongs to the date it starts on).")
    last = serializers.DateField(help_text="Last plant-local date; at most 400 days after `first`.")
    group = serializers.ChoiceField(choices=["shift", "day", "week", "line"], default="shift",
                                    help_text="One row per line and shift, day, ISO week, or per line.")
    line = serializers.IntegerField(required=False, min_value=1, help_text="Only this work center (id).")
    facility = serializers.IntegerField(required=False, min_value=1, help_text="Only this facility's lines (id).")
    micro = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=60, default=2,
                                     help_text="Unplanned stops shorter than this many minutes are micro-stops.")
    machines = serializers.BooleanField(
        default=False, help_text="One row per machine (`line / machine`) for the machines with their own stops, "
                                 "output or rejects; a stop of the whole line counts for each of its machines.")

    def validate(self, attrs):
        # Dates far outside a plant's life (year 1, 9999) have no time-zone rules: local-mean-time offsets with
        # seconds that no ISO date-time can carry.
        if not all(dt.date(1970, 1, 1) <= attrs[key] <= dt.date(2199, 12, 31) for key in ("first", "last")):
            raise serializers.ValidationError("Choose dates between 1970 and 2199.")
        if attrs["last"] < attrs["first"] or (attrs["last"] - attrs["first"]).days > 400:
            raise serializers.ValidationError("Choose a period of 1 to 400 days, the end after the start.")
        return attrs


class OeeRowSerializer(serializers.Serializer):
    """One line's OEE over a shift, day, week or the whole period, with every input of its three factors."""

    label = serializers.CharField()
    line = serializers.CharField(help_text="Work center code, or `line / machine` with `machines=true`; empty in the "
                                           "total.")
    period = serializers.CharField(help_text="Plant date (shift, day), ISO week (2026-W11) or empty (line, total).")
    shift = serializers.CharField(help_text="Shift name for group=shift, else empty.")
    start = serializers.DateTimeField(allow_null=True, help_text="Start of the first shift, in `time_zone`.")
    end = serializers.DateTimeField(allow_null=True, help_text="End of the last shift, in `time_zone`.")
    time_zone = serializers.CharField(help_text="The facility's time zone of `start` and `end` (UTC in the total).")
    shift_minutes = serializers.FloatField()
    planned_stop_minutes = serializers.FloatField()
    planned_minutes = serializers.FloatField(help_text="Planned production time: shift time minus planned stops.")
    downtime_minutes = serializers.FloatField(help_text="Unplanned downtime (stops at least the micro-stop length).")
    run_minutes = serializers.FloatField()
    micro_stop_minutes = serializers.FloatField()
    speed_loss_minutes = serializers.FloatField()
    quality_loss_minutes = serializers.FloatField()
    ideal_minutes = serializers.FloatField(help_text="Ideal cycle time x produced units.")
    produced = serializers.IntegerField()
    rejected = serializers.IntegerField()
    good = serializers.IntegerField()
    availability = serializers.FloatField(allow_null=True, help_text="A fraction (0.875 = 87.5 %); null if unknown.")
    performance = serializers.FloatField(allow_null=True, help_text="Not capped: above 1 flags a wrong ideal rate.")
    quality = serializers.FloatField(allow_null=True)
    oee = serializers.FloatField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


class OeeSerializer(serializers.Serializer):
    rows = OeeRowSerializer(many=True)
    total = OeeRowSerializer(allow_null=True, help_text="All rows added up (minutes and units), ratios recomputed.")
