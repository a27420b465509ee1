"""REST endpoints of production orders (mounted under /api/production/)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.roles import PRODUCTION_REPORT, RECORD_MOVEMENT

from ..filters import BalanceFilter, MovementFilter
from ..models import Movement
from ..services import MovementRefused, lines_for_user, record_movement, reverse_movement
from ..views.report import GROUPINGS, aggregate, scoped_movements
from . import serializers


def _refused(refusal: MovementRefused) -> Response:
    return Response({"detail": refusal.message, "field": refusal.field, "balance": getattr(refusal, "balance", None)},
                    status=status.HTTP_400_BAD_REQUEST)


class MovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Movements at the caller's work centers (filters as the balance report). POST records one: 201, or 200 with
    the movement recorded before for a repeated ``idempotency_key``; 400 says why it was refused (an OUT above
    the balance states the balance). ``{id}/reverse/`` records the correction of a movement."""

    required_permission = RECORD_MOVEMENT
    serializer_class = serializers.MovementSerializer
    filterset_class = MovementFilter
    queryset = Movement.objects.all()

    def get_queryset(self):
        return scoped_movements(self.request.user).select_related("order", "line__facility", "user").order_by(
            "-at", "-pk")

    @extend_schema(request=serializers.MovementWriteSerializer,
                   responses={201: serializers.RecordedSerializer, 200: serializers.RecordedSerializer,
                              400: serializers.RefusedSerializer})
    def create(self, request):
        data = serializers.MovementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            result = record_movement(
                user=request.user, line=values["line"], order_number=values["order_number"],
                direction=values["direction"], quantity=values["quantity"], erp_job=values["erp_job"],
                override_reason=values["override_reason"], idempotency_key=values["idempotency_key"] or None)
        except MovementRefused as refusal:
            return _refused(refusal)
        body = serializers.RecordedSerializer({"movement": result.movement, "balance": result.balance}).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

    @extend_schema(request=serializers.ReverseSerializer,
                   responses={201: serializers.RecordedSerializer, 400: serializers.RefusedSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        movement = get_object_or_404(Movement.objects.filter(line__in=lines_for_user(request.user)), pk=pk)
        data = serializers.ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if movement.user_id != request.user.pk and not request.user.has_perm("production.view_all_work_centers"):
            return Response({"detail": "Only your own movements can be corrected."}, status=status.HTTP_403_FORBIDDEN)
        try:
            result = reverse_movement(user=request.user, movement=movement, reason=data.validated_data["reason"],
                                      idempotency_key=data.validated_data["idempotency_key"] or None)
        except MovementRefused as refusal:
            return _refused(refusal)
        body = serializers.RecordedSerializer({"movement": result.movement, "balance": result.balance}).data
        return Response(body, status=status.HTTP_201_CREATED)


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
        return aggregate(filtered, grouping).order_by(group.default_sort, group.tiebreak)
