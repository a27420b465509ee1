"""REST endpoints of the scheduling grid: rows, projection updates (optimistic concurrency), summary, layout.

Same permissions as the page: reading needs ``portal.view_scheduling``; changing a projection also needs
``portal.update_scheduling`` (403 otherwise). A PATCH names the version it starts from; a stale one is a 409 with
the current value and who set it.
"""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.lists.columns import Column
from portal.roles import UPDATE_SCHEDULING, VIEW_SCHEDULING
from portal.templatetags.lists import cell
from scheduling.columns import COLUMN_KEYS
from scheduling.filters import GridFilter
from scheduling.services import grid, preferences
from scheduling.services.projections import (
    ProjectionConflict,
    ProjectionError,
    ProjectionState,
    projection_detail,
    set_projection,
)
from scheduling.services.summary import schedule_summary

from .serializers import (
    GridLineSerializer,
    GridPreferenceSerializer,
    ProjectionChangeSerializer,
    ProjectionConflictSerializer,
    ProjectionDetailSerializer,
    ProjectionStateSerializer,
    ProjectionUpdateSerializer,
    ScheduleSummarySerializer,
)

_MONEY_COLUMN = Column("value", "value", kind="money")


def _state_data(state: ProjectionState) -> dict:
    data = asdict(state)
    data["low_risk_value_display"] = cell(_MONEY_COLUMN, state.low_risk_value)
    data["high_risk_value_display"] = cell(_MONEY_COLUMN, state.high_risk_value)
    return ProjectionStateSerializer(data).data


class GridLineListView(generics.ListAPIView):
    """Open SO lines with their projections, earliest due first; filters as on the page (facility,
    business_unit, order_type, customer, due_after/due_before, q)."""

    required_permission = VIEW_SCHEDULING
    serializer_class = GridLineSerializer
    filterset_class = GridFilter

    def get_queryset(self):
        return grid.open_lines().order_by("due_date", "sales_order_id", "line_number", "id")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        lines = grid.attach_projections(page if page is not None else queryset)
        data = self.get_serializer(lines, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class ProjectionUpdateView(APIView):
    """A line's projection with its latest changes (GET); set one quantity of an open line (PATCH, ``field``
    low_risk or high_risk)."""

    required_permission = VIEW_SCHEDULING
    write_permission = UPDATE_SCHEDULING

    @extend_schema(responses=ProjectionDetailSerializer)
    def get(self, request, line_id: int):
        detail = projection_detail(line_id)
        if detail is None:
            raise NotFound(_("No open line or projection has the id %(id)s.") % {"id": line_id})
        state, changes = detail
        return Response({**_state_data(state), "history": ProjectionChangeSerializer(changes, many=True).data})

    @extend_schema(request=ProjectionUpdateSerializer, responses={
        200: ProjectionStateSerializer,
        400: OpenApiResponse(description="Not a whole quantity ≥ 0, above the open quantity, or the line closed."),
        403: OpenApiResponse(description="No permission to update scheduling."),
        409: ProjectionConflictSerializer,
    })
    def patch(self, request, line_id: int):
        serializer = ProjectionUpdateSerializer(data=request.data)
        if not serializer.is_valid():
            return Response({"detail": _first_error(serializer.errors), "errors": serializer.errors},
                            status=status.HTTP_400_BAD_REQUEST)
        data = serializer.validated_data
        try:
            state = set_projection(line_id, data["field"], data["value"], data["version"], request.user)
        except ProjectionError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        except ProjectionConflict as conflict:
            return Response({"detail": conflict.message, "field": conflict.field,
                             "current_value": conflict.current_value, "current": _state_data(conflict.state)},
                            status=status.HTTP_409_CONFLICT)
        return Response(_state_data(state))


def _first_error(errors: dict) -> str:
    for field, messages in errors.items():
        return f"{field}: {' '.join(str(m) for m in messages)}"
    return ""


class SummaryView(APIView):
    """The summary cards' figures (optionally for one ``facility`` and/or ``business_unit``)."""

    required_permission = VIEW_SCHEDULING

    @extend_schema(responses=ScheduleSummarySerializer)
    def get(self, request):
        summary = schedule_summary(timezone.localdate(), request.query_params.get("facility", "")[:20],
                                   request.query_params.get("business_unit", "")[:40])
        data = {**asdict(summary), "fg_total": summary.fg_total}
        return Response(ScheduleSummarySerializer(data).data)


class PreferenceView(APIView):
    """The signed-in user's grid layout: the columns they hide."""

    required_permission = VIEW_SCHEDULING

    @extend_schema(responses=GridPreferenceSerializer)
    def get(self, request):
        return Response({"hidden_columns": preferences.hidden_columns(request.user), "columns": list(COLUMN_KEYS)})

    @extend_schema(request=GridPreferenceSerializer, responses=GridPreferenceSerializer)
    def put(self, request):
        serializer = GridPreferenceSerializer(data=request.data)
        if not serializer.is_valid():
            return Response({"detail": _first_error(serializer.errors)}, status=status.HTTP_400_BAD_REQUEST)
        try:
            hidden = preferences.save_hidden_columns(request.user, serializer.validated_data["hidden_columns"],
                                                     COLUMN_KEYS)
        except ValueError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"hidden_columns": hidden})
