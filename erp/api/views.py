"""REST endpoints of the BOM, PO and open-job viewers: the same querysets, filters and permissions as the pages."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from erp.filters import BomLineFilter, OpenJobFilter, OpenPoFilter
from erp.models import Job
from erp.services.bom import explode
from erp.services.jobs import job_yield
from erp.views.bom import costed_bom_lines
from erp.views.jobs import OpenJobListView
from erp.views.po import open_po_lines
from portal.roles import VIEW_BOM, VIEW_PO, VIEW_REPORTS

from . import serializers


class BomViewSet(viewsets.ReadOnlyModelViewSet):
    """Lines of the active, latest-revision BOMs (filter ``parent``, ``component``, ``q``)."""

    required_permission = VIEW_BOM
    serializer_class = serializers.BomLineSerializer
    filterset_class = BomLineFilter

    def get_queryset(self):
        return costed_bom_lines().order_by("bom__parent_id", "sequence", "id")

    @extend_schema(
        parameters=[OpenApiParameter("qty", float, description="Quantity of the parent to build (default 1)")],
        responses=serializers.ExplodedRowSerializer(many=True),
    )
    @action(detail=False, url_path=r"exploded/(?P<part_number>[^/]+)", pagination_class=None)
    def exploded(self, request, part_number=None):
        """Multi-level explosion of a part's active BOM."""
        try:
            quantity = Decimal(request.query_params.get("qty", "1"))
        except ArithmeticError:
            quantity = Decimal(1)
        rows = explode(part_number, quantity if quantity.is_finite() and quantity > 0 else Decimal(1))
        return Response(serializers.ExplodedRowSerializer(rows, many=True).data)


class OpenPoLineViewSet(viewsets.ReadOnlyModelViewSet):
    """Open purchase-order lines (filter ``vendor``, ``facility``, ``due_after``/``due_before``, ``late``, ``q``)."""

    required_permission = VIEW_PO
    serializer_class = serializers.OpenPoLineSerializer
    filterset_class = OpenPoFilter

    def get_queryset(self):
        return open_po_lines().order_by("due_date", "id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class OpenJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Open jobs (filter ``customer``, ``job``, ``part``, ``so``, ``facility``, ``line``, ``status``, ``q``)."""

    required_permission = VIEW_REPORTS
    serializer_class = serializers.OpenJobSerializer
    filterset_class = OpenJobFilter
    lookup_field = "job_number"

    def get_queryset(self):
        return OpenJobListView().get_queryset().order_by("job_number")

    @extend_schema(responses=serializers.JobYieldSerializer)
    @action(detail=True, url_path="yield")
    def material_yield(self, request, job_number=None):
        """The job's material per component with yield cost/scrap and yield loss % (formulas on the page)."""
        job = get_object_or_404(Job, job_number=job_number)
        result = job_yield(job)
        data = {"job_number": job.job_number, "yield_cost": result.yield_cost, "loss_percent": result.loss_percent,
                "components": result.components}
        return Response(serializers.JobYieldSerializer(data).data)
