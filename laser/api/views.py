"""REST endpoints of the laser shop (mounted under /api/laser/). The phone page starts and ends runs through
``runs/`` and ``runs/end/`` from the shared offline queue. Both go through the one receiver
(``portal.commands.receive``, docs/floor-writes.md): 201 when recorded, 200 with the run recorded the first time for
a replayed key, and the portal's refusals (400 invalid input, 403 not your line or not your run, 404 not a run of
yours, 409 the run's state or a reused key) answered by the API's exception handler."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.serializers import RefusalSerializer
from portal.commands import floor_write
from portal.workflow.api import WorkflowActionsMixin, document_workflow

from ..apps import LOG_RUNS, MANAGE
from ..models import DailyReport, InventoryItem, LaserRun, Project
from ..services.runs import end_run, find_run, start_run, visible_runs
from . import serializers

REFUSED = RefusalSerializer
REFUSALS = {400: REFUSED, 403: REFUSED, 404: REFUSED, 409: REFUSED}


class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Laser runs, newest first: an operator reads their own, a manager those of the lines they may read. POST
    starts one (the preset is attached by the server); ``end/`` ends it by its start key (or its id) and deducts
    its sheets from the inventory."""

    required_permission = LOG_RUNS
    serializer_class = serializers.LaserRunSerializer
    queryset = LaserRun.objects.none()  # the schema's model; the runs come from get_queryset

    def get_queryset(self):
        return (visible_runs(self.request.user)
                .select_related("project", "machine__line__facility", "operator", "preset")
                .prefetch_related("extra_operators").order_by("-started_at", "-pk"))

    def _answer(self, run, created: bool) -> Response:
        run = (LaserRun.objects.select_related("project", "machine__line__facility", "operator", "preset")
               .prefetch_related("extra_operators").get(pk=run.pk))
        return Response(serializers.LaserRunSerializer(run).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=serializers.LaserRunStartSerializer,
                   responses={201: serializers.LaserRunSerializer, 200: serializers.LaserRunSerializer, **REFUSALS})
    @floor_write("laser.run_start")
    def create(self, request):
        data = serializers.LaserRunStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run, created = start_run(project=values["project"], machine=values["machine"], operator=request.user,
                                 extra_operators=values["extra_operators"], key=values["start_key"],
                                 reason=values["reason"], confirm_material=values["confirm_material"])
        return self._answer(run, created)

    @extend_schema(request=serializers.LaserRunEndSerializer,
                   responses={201: serializers.LaserRunSerializer, 200: serializers.LaserRunSerializer, **REFUSALS})
    @action(detail=False, methods=["post"])
    @floor_write("laser.run_end")
    def end(self, request):
        data = serializers.LaserRunEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run = find_run(request.user, start_key=values.get("start_key", ""), pk=values.get("run"))
        run, created = end_run(run=run, sheets_used=values["sheets_used"], sheet_size=values["sheet_size"],
                               parts_cut=values["parts_cut"], notes=values["notes"], user=request.user,
                               key=values["end_key"])
        return self._answer(run, created)


@document_workflow
class ProjectViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Laser projects with their stage and the time they entered it; ``{id}/transition/`` and ``{id}/comment/``
    move them through their stages as the project's page does (portal.workflow.api)."""

    workflow_model = Project
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
