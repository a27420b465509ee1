"""REST endpoints of the laser shop (mounted under /api/laser/). The phone page starts and ends runs through
``runs/`` and ``runs/end/`` from the shared offline queue: both are idempotent by their keys (200 with the run
recorded the first time, 201 when created)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..apps import LOG_RUNS, MANAGE
from ..models import DailyReport, InventoryItem, LaserRun, Project
from ..services.runs import RunRefused, end_run, start_run
from . import serializers


def _refused(refusal: RunRefused) -> Response:
    return Response({"detail": refusal.message, "field": refusal.field}, status=status.HTTP_400_BAD_REQUEST)


class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Laser runs, newest first. POST starts one (the preset is attached by the server); ``end/`` ends it by its
    start key and deducts its sheets from the inventory."""

    required_permission = LOG_RUNS
    serializer_class = serializers.LaserRunSerializer
    queryset = LaserRun.objects.all()

    def get_queryset(self):
        return (LaserRun.objects.select_related("project", "machine__line__facility", "operator", "preset")
                .prefetch_related("extra_operators").order_by("-started_at", "-pk"))

    @extend_schema(request=serializers.LaserRunStartSerializer,
                   responses={201: serializers.LaserRunSerializer, 200: serializers.LaserRunSerializer,
                              400: serializers.LaserRefusedSerializer})
    def create(self, request):
        data = serializers.LaserRunStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            run, created = start_run(project=values["project"], machine=values["machine"], operator=request.user,
                                     extra_operators=values["extra_operators"], key=values["start_key"])
        except RunRefused as refusal:
            return _refused(refusal)
        return Response(serializers.LaserRunSerializer(self.get_queryset().get(pk=run.pk)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=serializers.LaserRunEndSerializer,
                   responses={201: serializers.LaserRunSerializer, 200: serializers.LaserRunSerializer,
                              400: serializers.LaserRefusedSerializer})
    @action(detail=False, methods=["post"])
    def end(self, request):
        data = serializers.LaserRunEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run = get_object_or_404(LaserRun, start_key=values["start_key"])
        try:
            run, created = end_run(run=run, sheets_used=values["sheets_used"], sheet_size=values["sheet_size"],
                                   parts_cut=values["parts_cut"], notes=values["notes"], user=request.user,
                                   key=values["end_key"])
        except RunRefused as refusal:
            return _refused(refusal)
        return Response(serializers.LaserRunSerializer(self.get_queryset().get(pk=run.pk)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Laser projects with their stage and the time they entered it."""

    required_permission = MANAGE
    serializer_class = serializers.LaserProjectSerializer
    queryset = Project.objects.select_related("client").order_by("target_date", "code")


class InventoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sheets on hand per material, thickness and size (``is_low``: below the minimum or below zero)."""

    required_permission = MANAGE
    serializer_class = serializers.LaserInventoryItemSerializer
    queryset = InventoryItem.objects.filter(active=True).order_by("material_type", "thickness_mm", "sheet_size")


class DailyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stored daily reports, newest day first."""

    required_permission = MANAGE
    serializer_class = serializers.LaserDailyReportSerializer
    queryset = DailyReport.objects.order_by("-day")
