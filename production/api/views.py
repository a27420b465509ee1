"""REST endpoints of production orders (mounted under /api/production/)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.commands import Invalid, floor_write
from portal.roles import PRODUCTION_REPORT, RECORD_MOVEMENT
from portal.services.localtime import to_local
from portal.services.scoping import lines_for

from ..filters import BalanceFilter, MovementFilter
from ..models import Movement
from ..services import CORRECTION, MOVEMENT, RecordResult, record_movement, reverse_movement
from ..views.oee import report_rows
from ..views.report import GROUPINGS, aggregate, scoped_movements
from . import serializers

# 400/403/404 are the portal's (portal/api/schema.py); the ledger's 409 may state the balance
REFUSALS = {409: serializers.RefusedSerializer}


def _recorded(result: RecordResult) -> Response:
    body = serializers.RecordedSerializer({"movement": result.movement, "balance": result.balance}).data
    return Response(body, status=result.status)


class MovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Movements at the caller's work centers (filters as the balance report). POST records one: 201, or 200 with
    the movement recorded before for the caller's repeated ``idempotency_key``; refusals in the portal's contract
    (docs/floor-writes.md): 400 invalid input with the field, 403 a work center the caller does not work on, 409
    an OUT above the balance (the body states the ``balance``) or a key already used for another movement.
    ``{id}/reverse/`` records the correction of a movement (201, 200 for a repeated key)."""

    required_permission = RECORD_MOVEMENT
    serializer_class = serializers.MovementSerializer
    filterset_class = MovementFilter
    queryset = Movement.objects.all()

    def get_queryset(self):
        return (scoped_movements(self.request.user).select_related("order", "line__facility", "user", "machine")
                .order_by("-at", "-pk"))

    @extend_schema(request=serializers.MovementWriteSerializer,
                   responses={201: serializers.RecordedSerializer, 200: serializers.RecordedSerializer, **REFUSALS})
    @floor_write(MOVEMENT)
    def create(self, request):
        data = serializers.MovementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return _recorded(record_movement(
            user=request.user, line=values["line"], order_number=values["order_number"],
            direction=values["direction"], quantity=values["quantity"], erp_job=values["erp_job"],
            override_reason=values["override_reason"], idempotency_key=values["idempotency_key"] or None,
            at=values.get("at"), machine_code=values.get("machine") or "", confirm=values))

    @extend_schema(request=serializers.ReverseSerializer,
                   responses={201: serializers.RecordedSerializer, 200: serializers.RecordedSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    @floor_write(CORRECTION)
    def reverse(self, request, pk=None):
        movement = get_object_or_404(scoped_movements(request.user).select_related("order", "line", "user"), pk=pk)
        data = serializers.ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _recorded(reverse_movement(user=request.user, movement=movement, reason=data.validated_data["reason"],
                                          idempotency_key=data.validated_data["idempotency_key"] or None))


class BalanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The balance report's rows: IN, OUT and balance of the filtered movements per work center and order, or per
    work center, order, department or user (``group``); each row has the fields of its grouping."""

    required_permission = PRODUCTION_REPORT
    serializer_class = serializers.BalanceRowSerializer
    filterset_class = BalanceFilter
    queryset = Movement.objects.all()

    def get_queryset(self):
        return scoped_movements(self.request.user)

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        grouping = self.request.query_params.get("group")
        grouping = grouping if grouping in GROUPINGS else "line_order"
        group = GROUPINGS[grouping]
        period = self.filterset_class(self.request.query_params, queryset=queryset, request=self.request).period()
        return aggregate(filtered, grouping, period).order_by(group.default_sort, group.tiebreak)


def _oee_row(row) -> dict:
    r = row.result
    zone = row.zone or dt.UTC
    return {
        "label": row.label, "line": r.line, "period": row.period, "shift": r.shift, "time_zone": str(zone),
        "start": to_local(r.start, zone), "end": to_local(r.end, zone),
        **{name: getattr(r, name) for name in (
            "shift_minutes", "planned_stop_minutes", "planned_minutes", "downtime_minutes", "run_minutes",
            "micro_stop_minutes", "speed_loss_minutes", "quality_loss_minutes", "ideal_minutes", "produced",
            "rejected", "good", "availability", "performance", "quality", "oee", "notes")},
    }


class OeeView(APIView):
    """OEE per work center and shift, day, ISO week or the whole period (the OEE report's figures, from the same
    engine), with the inputs of each factor; only the caller's work centers."""

    required_permission = PRODUCTION_REPORT

    @extend_schema(parameters=[serializers.OeeQuerySerializer], responses={200: serializers.OeeSerializer})
    def get(self, request):
        query = serializers.OeeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = dict(query.validated_data)
        lines = lines_for(request.user)
        for name, lookup in (("line", "pk"), ("facility", "facility_id")):
            if name in values:
                values[name] = lines.filter(**{lookup: values[name]}).first()
                if values[name] is None:
                    raise Invalid(_("Not one of your work centers' ids."), field=name)
        if values.get("facility") is not None:
            values["facility"] = values["facility"].facility
        _results, rows, total, _zones = report_rows(request.user, values)
        return Response(serializers.OeeSerializer({"rows": [_oee_row(r) for r in rows],
                                                   "total": _oee_row(total) if total else None}).data)
