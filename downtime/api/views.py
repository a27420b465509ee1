"""REST endpoints of downtime: events (create exactly once per idempotency key, list, change own) and the summary."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from downtime.filters import DowntimeEventFilter, DowntimeSummaryFilter
from downtime.models import DowntimeEvent
from downtime.services.events import KIND, EventInput, delete_event, record_event, update_event
from downtime.services.summary import CategoryNames, scoped_events, summarize
from portal.commands import floor_write
from portal.roles import REPORT_DOWNTIME, VIEW_REPORTS
from portal.services.scoping import scope_to_lines

from . import serializers


def _input(data: dict) -> EventInput:
    return EventInput(line=data["line"], start=data["start"], end=data["end"], category=data["category"],
                      crew_size=data["crew_size"], job_number=data["job_number"], shift=data["shift"],
                      comments=data["comments"], machine=data.get("machine"), confirm_long=data["confirm_long"],
                      confirm_overlap=data["confirm_overlap"], confirm_quantity=data["confirm_quantity"])


class DowntimeEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Downtime events of the user's lines (filter ``production_date_after/before``, ``facility``, ``line``,
    ``shift``, ``category``, ``q``). POST records one on a line the caller works on (403 otherwise); the caller's
    repeated ``idempotency_key`` answers 200 with the event already recorded (409 ``key_reused`` for another
    entry). PUT/DELETE on one's own entries (admins any, 403 otherwise). 409 ``needs_confirmation`` lists the
    confirmations needed."""

    required_permission = REPORT_DOWNTIME
    serializer_class = serializers.DowntimeEventSerializer
    filterset_class = DowntimeEventFilter

    def get_queryset(self):
        events = DowntimeEvent.objects.select_related("line__facility", "category__parent", "shift", "created_by",
                                                      "machine")
        return scope_to_lines(events, self.request.user).order_by("-start", "-pk")

    def get_serializer_context(self) -> dict:
        # every event's full reason path from one read of the (small) category tree, not a walk per row
        return {**super().get_serializer_context(), "category_names": CategoryNames()}

    @floor_write(KIND)
    @extend_schema(request=serializers.DowntimeEventWriteSerializer,
                   responses={201: serializers.DowntimeEventSerializer, 200: serializers.DowntimeEventSerializer})
    def create(self, request):
        incoming = serializers.DowntimeEventWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        result = record_event(request.user, _input(incoming.validated_data),
                              incoming.validated_data.get("idempotency_key"))
        return Response(serializers.DowntimeEventSerializer(result.event).data,
                        status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

    @floor_write(KIND)
    @extend_schema(request=serializers.DowntimeEventWriteSerializer, responses=serializers.DowntimeEventSerializer)
    def update(self, request, pk=None):
        event = self.get_object()
        incoming = serializers.DowntimeEventWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        update_event(request.user, event, _input(incoming.validated_data))
        return Response(serializers.DowntimeEventSerializer(event).data)

    @floor_write(KIND)
    def destroy(self, request, pk=None):
        delete_event(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class DowntimeSummaryView(APIView):
    """The downtime summary for the same filters as the report page."""

    required_permission = VIEW_REPORTS

    @extend_schema(responses=serializers.DowntimeSummarySerializer, parameters=[OpenApiParameter(
        "level", int, description="The category level the Pareto rolls up to: 1 (top, the default) to the deepest.")])
    def get(self, request):
        events = scoped_events(request.user)
        filterset = DowntimeSummaryFilter(request.query_params or None, queryset=events, request=request)
        if filterset.is_bound and not filterset.is_valid():
            return Response(filterset.errors, status=status.HTTP_400_BAD_REQUEST)
        summary = summarize(filterset.qs, level=filterset.pareto_level)
        return Response({
            "level": summary.level, "events": summary.events, "minutes": summary.minutes,
            "labour_minutes": summary.labour_minutes,
            "by_category": [{"category": r["category_id"], "label": r["label"], "events": r["events"],
                             "minutes": r["minutes"], "share": round(r["share"], 2),
                             "cumulative": round(r["cumulative"], 2)} for r in summary.by_category],
            "by_line": [{"line": r["line_id"], "code": r["line__code"], "events": r["events"],
                         "minutes": r["minutes"]} for r in summary.by_line],
            "by_shift": [{"shift": r["shift_id"], "name": r["shift__name"], "events": r["events"],
                          "minutes": r["minutes"]} for r in summary.by_shift],
            "by_day": [{"production_date": r["production_date"], "events": r["events"], "minutes": r["minutes"]}
                       for r in summary.by_day],
        })
