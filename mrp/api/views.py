"""REST endpoints serving the latest stored MRP run, with the pages' permissions."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from mrp import reports
from mrp.filters import MrpLineFilter
from mrp.models import MrpLine
from mrp.services import latest_run, refresh_in_background
from portal.roles import SHORTAGE_REPORT, UPDATE_SCHEDULING, USE_MRP, VIEW_REPORTS

from . import serializers


def _latest():
    run = latest_run()
    if run is None:
        raise NotFound("No MRP run has finished yet: POST /api/mrp/runs/ to run one.")
    return run


class RunView(APIView):
    """GET: the latest finished run. POST: request a refresh (202 with the queued or already running run)."""

    required_permission = USE_MRP

    @extend_schema(responses=serializers.RunSerializer)
    def get(self, request):
        return Response(serializers.RunSerializer(_latest()).data)

    @extend_schema(request=None, responses={202: serializers.RunSerializer})
    def post(self, request):
        run = refresh_in_background(request.user)
        return Response(serializers.RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class LineListView(generics.ListAPIView):
    """Lines of the latest run with their components (filters as the dashboard: business_unit, customer, part,
    due_after/due_before, status, group, q)."""

    required_permission = USE_MRP
    serializer_class = serializers.LineSerializer
    filterset_class = MrpLineFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database needed
            return MrpLine.objects.none()
        run = latest_run()
        lines = MrpLine.objects.filter(run=run) if run else MrpLine.objects.none()
        return lines.order_by("position")


class ShortageView(APIView):
    """Purchasing shortages of the latest run (``urgency`` 7/14/30 days, ``customer``, ``q``)."""

    required_permission = SHORTAGE_REPORT

    @extend_schema(parameters=[OpenApiParameter("urgency", int), OpenApiParameter("customer", str),
                               OpenApiParameter("q", str)], responses=serializers.ShortageSerializer(many=True))
    def get(self, request):
        urgency = request.query_params.get("urgency") or None
        if urgency is not None:
            if urgency not in {str(d) for d in reports.URGENCY_DAYS}:
                raise ValidationError({"urgency": f"One of {', '.join(map(str, reports.URGENCY_DAYS))}."})
            urgency = int(urgency)
        rows = reports.shortages(_latest(), today=timezone.localdate(), within_days=urgency,
                                 customer=request.query_params.get("customer", "")[:100],
                                 text=request.query_params.get("q", "")[:200])
        return Response(serializers.ShortageSerializer(rows, many=True).data)


class CustomerSummaryView(APIView):
    """Cards of one customer (``customer``: code or part of the name) in the latest run."""

    required_permission = UPDATE_SCHEDULING

    @extend_schema(parameters=[OpenApiParameter("customer", str)], responses=serializers.CardsSerializer)
    def get(self, request):
        lines = MrpLineFilter(request.query_params, queryset=MrpLine.objects.filter(run=_latest()))
        if not lines.is_valid():
            raise ValidationError(lines.errors)
        return Response(serializers.CardsSerializer(reports.cards(lines.qs)).data)


class ForecastView(APIView):
    """This month's shipment forecast: likely to ship vs at risk / partial, with values."""

    required_permission = VIEW_REPORTS

    @extend_schema(responses=serializers.ForecastSerializer)
    def get(self, request):
        today = timezone.localdate()
        forecast = reports.shipment_forecast(_latest(), today, settings.MRP_SHIP_LEAD_DAYS)
        data = {"month_start": forecast.month_start, "month_end": forecast.month_end,
                "lead_days": settings.MRP_SHIP_LEAD_DAYS, "likely_value": forecast.likely_value,
                "at_risk_value": forecast.at_risk_value, "likely": forecast.likely, "at_risk": forecast.at_risk}
        return Response(serializers.ForecastSerializer(data).data)
