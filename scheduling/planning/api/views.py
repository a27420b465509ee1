"""REST endpoints of job planning (mounted under /api/planning/): orders, scheduled stages, capacity (utilization
and overrides), exceptions. Same permissions as the pages; changes go through the same services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.models import Facility
from portal.roles import PLAN_ORDERS, VIEW_PLANNING
from portal.workflow.api import WorkflowActionsMixin, document_workflow
from portal.workflow.services import TransitionRefused, apply_transition

from ..filters import ExceptionFilter, OrderFilter
from ..models import CapacityOverride, Operation, PlanException, PlanningOrder
from ..services.analysis import utilization
from ..services.from_erp import create_order_from_erp
from ..services.orders import OrderRefused
from ..services.schedule import PlanRefused, move_operation
from . import serializers

MAX_DAYS = 92


def _refused(message: str) -> Response:
    return Response({"detail": message}, status=status.HTTP_409_CONFLICT)


@document_workflow
class OrderViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """Planning orders with their items and scheduled stages. POST creates one (with its items); ``{id}/transition/``
    moves it through its workflow (409 with the reason when refused)."""

    required_permission = VIEW_PLANNING
    write_permission = PLAN_ORDERS
    workflow_model = PlanningOrder  # {id}/comment/ from the core; {id}/transition/ is its own (below)
    serializer_class = serializers.PlanOrderSerializer
    filterset_class = OrderFilter
    queryset = PlanningOrder.objects.all()

    def get_queryset(self):
        return PlanningOrder.objects.select_related("facility", "routing").prefetch_related(
            "items", "operations__line", "operations__machine", "operations__order").order_by("due_date", "pk")

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    @extend_schema(request=serializers.PlanTransitionSerializer,
                   responses={200: serializers.PlanOrderSerializer, 409: serializers.PlanRefusedSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        order = get_object_or_404(PlanningOrder, pk=pk)
        data = serializers.PlanTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        name = values.pop("action")
        transition = order.workflow.transition(name)
        fields = {key: values.get(key, "") for key in (*transition.fields, *transition.optional_fields)}
        try:
            order = apply_transition(order, name, request.user, **fields)
        except TransitionRefused as refused:
            return _refused(str(refused.message))
        return Response(serializers.PlanOrderSerializer(self.get_queryset().get(pk=order.pk)).data)


    @extend_schema(request=serializers.PlanFromErpSerializer,
                   responses={201: serializers.PlanOrderSerializer, 409: serializers.PlanRefusedSerializer})
    @action(detail=False, methods=["post"], url_path="from-erp")
    def from_erp(self, request):
        """Create a planning order from an open ERP sales order line or job (as the page does); 409 with the
        reason when the line/job is unknown, closed or already planned, or the schedule does not fit."""
        data = serializers.PlanFromErpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            order = create_order_from_erp(routing=values["product_family"], so_line_id=values.get("so_line"),
                                          job_number=values.get("job", ""), user=request.user,
                                          priority=values["priority"], schedule_start=values.get("schedule_start"))
        except OrderRefused as refused:
            return _refused(str(refused.message))
        return Response(serializers.PlanOrderSerializer(self.get_queryset().get(pk=order.pk)).data,
                        status=status.HTTP_201_CREATED)


class StageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Scheduled stages of open orders; ``?facility=CODE&start=&end=`` (ISO datetimes) limit the window.
    ``{id}/move/`` moves or reallocates one; the server refuses clashes with 409 and the reason."""

    required_permission = VIEW_PLANNING
    write_permission = PLAN_ORDERS
    serializer_class = serializers.PlanStageSerializer
    queryset = Operation.objects.all()

    @extend_schema(parameters=[
        OpenApiParameter("facility", str, description="facility code"),
        OpenApiParameter("start", dt.datetime, description="stages ending after this moment"),
        OpenApiParameter("end", dt.datetime, description="stages starting before this moment")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        rows = Operation.objects.select_related("order", "line", "machine").order_by("planned_start", "pk")
        params = getattr(self.request, "query_params", {})
        if params.get("facility"):
            rows = rows.filter(order__facility__code=params["facility"])
        for name, lookup in (("start", "planned_end__gt"), ("end", "planned_start__lt")):
            if params.get(name):
                try:
                    moment = dt.datetime.fromisoformat(params[name])
                except ValueError as exc:
                    raise ValidationError({name: "Give an ISO date-time, e.g. 2026-03-02T06:00:00-06:00."}) from exc
                if moment.tzinfo is None:
                    raise ValidationError({name: "Give the time zone offset, e.g. 2026-03-02T06:00:00-06:00."})
                rows = rows.filter(**{lookup: moment})
        return rows

    @extend_schema(request=serializers.PlanMoveSerializer,
                   responses={200: serializers.PlanStageSerializer, 409: serializers.PlanRefusedSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        op = get_object_or_404(Operation, pk=pk)
        data = serializers.PlanMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            op = move_operation(op, request.user, start=values["start"], end=values.get("end"),
                                machine=values.get("machine"), line=values.get("line"),
                                justification=values.get("justification", ""))
        except PlanRefused as refused:
            return _refused(refused.message)
        return Response(serializers.PlanStageSerializer(op).data)


class UtilizationView(APIView):
    """Planned units, capacity and actual output per line and plant day of a facility (at most a quarter)."""

    required_permission = VIEW_PLANNING

    @extend_schema(parameters=[OpenApiParameter("facility", str, required=True),
                               OpenApiParameter("first", dt.date, required=True),
                               OpenApiParameter("last", dt.date, required=True)],
                   responses=serializers.PlanUtilizationSerializer(many=True))
    def get(self, request):
        facility = Facility.objects.filter(code=request.query_params.get("facility", "")).first()
        if facility is None:
            raise ValidationError({"facility": "Unknown facility code."})
        try:
            first = dt.date.fromisoformat(request.query_params.get("first", ""))
            last = dt.date.fromisoformat(request.query_params.get("last", ""))
        except ValueError as exc:
            raise ValidationError({"first": "Give first and last as YYYY-MM-DD."}) from exc
        if not (2000 <= first.year <= 2100 and 2000 <= last.year <= 2100):
            raise ValidationError({"first": "Give dates between the years 2000 and 2100."})
        if last < first or (last - first).days >= MAX_DAYS:
            raise ValidationError({"last": f"last must be on or after first, at most {MAX_DAYS} days later."})
        return Response(serializers.PlanUtilizationSerializer(utilization(facility, first, last), many=True).data)


class CapacityOverrideViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              viewsets.GenericViewSet):
    """Capacity overrides per line and period (units per day)."""

    required_permission = VIEW_PLANNING
    write_permission = PLAN_ORDERS
    serializer_class = serializers.PlanCapacityOverrideSerializer
    queryset = CapacityOverride.objects.all()

    def get_queryset(self):
        return CapacityOverride.objects.select_related("line").order_by("line", "-first_day", "pk")

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


@document_workflow
class ExceptionViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Planning exceptions (filters: kind, state, q). ``{id}/transition/`` takes any action of its workflow (as the
    page's panel), ``{id}/comment/`` comments; ``{id}/resolve/`` resolves one with a reason (kept for clients)."""

    required_permission = VIEW_PLANNING
    write_permission = PLAN_ORDERS
    workflow_model = PlanException
    serializer_class = serializers.PlanExceptionSerializer
    filterset_class = ExceptionFilter
    queryset = PlanException.objects.all()

    def get_queryset(self):
        return PlanException.objects.select_related("order").order_by("-detected_at", "-pk")

    @extend_schema(request=serializers.PlanResolveSerializer,
                   responses={200: serializers.PlanExceptionSerializer, 409: serializers.PlanRefusedSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        exception = get_object_or_404(PlanException, pk=pk)
        data = serializers.PlanResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            exception = apply_transition(exception, "resolve", request.user,
                                         resolution_reason=data.validated_data["resolution_reason"])
        except TransitionRefused as refused:
            return _refused(str(refused.message))
        return Response(serializers.PlanExceptionSerializer(exception).data)
