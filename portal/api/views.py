from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.models import Department, Facility, ProductionCapacity, ProductionLine, Shift
from portal.services.shifts import shift_at

from . import serializers


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user: preferences (editable) and effective permissions."""

    open_to_all_users = True
    serializer_class = serializers.MeSerializer

    def get_object(self):
        return self.request.user


class _PlantDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Plant configuration is read by every module; it is edited in the admin."""

    open_to_all_users = True
    filterset_fields = ["active"]


class FacilityViewSet(_PlantDataViewSet):
    queryset = Facility.objects.all()
    serializer_class = serializers.FacilitySerializer

    @extend_schema(
        parameters=[OpenApiParameter("at", str, description="ISO date-time; default now")],
        responses=serializers.ShiftOccurrenceSerializer,
    )
    @action(detail=True, url_path="current-shift")
    def current_shift(self, request, pk=None):
        """The shift running at the facility at ``at`` (overnight shifts included); 404 between shifts."""
        facility = get_object_or_404(Facility, pk=pk)
        at = request.query_params.get("at")
        moment = parse_datetime(at) if at else None
        if at and (moment is None or moment.tzinfo is None):
            raise ValidationError({"at": "Give an ISO 8601 date-time with a UTC offset."})
        occurrence = shift_at(facility, moment)
        if occurrence is None:
            return Response({"detail": "No shift is running at that time."}, status=404)
        return Response(serializers.ShiftOccurrenceSerializer(occurrence).data)


class ProductionLineViewSet(_PlantDataViewSet):
    queryset = ProductionLine.objects.select_related("facility")
    serializer_class = serializers.ProductionLineSerializer
    filterset_fields = ["active", "facility"]


class DepartmentViewSet(_PlantDataViewSet):
    queryset = Department.objects.prefetch_related("lines")
    serializer_class = serializers.DepartmentSerializer


class ShiftViewSet(_PlantDataViewSet):
    queryset = Shift.objects.select_related("facility")
    serializer_class = serializers.ShiftSerializer
    filterset_fields = ["active", "facility"]


class ProductionCapacityViewSet(_PlantDataViewSet):
    queryset = ProductionCapacity.objects.all()
    serializer_class = serializers.ProductionCapacitySerializer
    filterset_fields = ["line", "shift"]
