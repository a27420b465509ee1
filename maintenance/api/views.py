"""REST endpoints of maintenance (mounted under /api/maintenance/).

Tickets: list (filters), read (``maintenance.view_maintenance``); report (``maintenance.report_ticket``, as on the
page: a line the caller works on; ``idempotency_key``, the caller's own: 201 the first time, 200 with the same
ticket after, 409 ``key_reused`` for another report under the same key); ``{id}/transition/`` through the shared
workflow; ``{id}/parts/``, ``{id}/labour/`` and ``{id}/checklist/`` by the ticket's assignee or a maintenance
admin (``key`` optional, as the phone's offline queue sends it). Every write goes through the core receiver
(``portal.commands.receive``): refusals answer its one contract (400 invalid input, 403 not allowed / not yours /
not your line, 404, 409 the workflow or a closed ticket refused it, or a reused key). MTBF/MTTR per machine over a
period (the same aggregate as the pages) and preventive plans (read).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.commands import floor_write
from portal.models import Machine
from portal.roles import REPORT_MAINTENANCE, VIEW_MAINTENANCE, WORK_MAINTENANCE
from portal.workflow.api import WorkflowActionsMixin, document_workflow

from ..filters import MachineFilter, TicketApiFilter
from ..models import ChecklistItem, PreventivePlan, Ticket
from ..services.commands import KIND, log_work, run_command, ticket_for_command
from ..services.reliability import DEFAULT_DAYS, MIN_FAILURES, default_period, with_reliability
from ..services.tickets import REPORT_KIND, report_ticket
from . import serializers

DETAIL = serializers.MaintenanceTicketDetailSerializer
MAX_DAYS = 1095


def ticket_queryset():
    return Ticket.objects.select_related("line__facility", "machine", "priority", "assigned_to", "reported_by")


@document_workflow
class TicketViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Maintenance tickets, newest first. Filters: ``state``, ``status`` (open/closed/past_sla), ``past_sla``,
    ``line``, ``machine``, ``facility``, ``priority``, ``kind``, ``assigned_to``, ``q``."""

    required_permission = VIEW_MAINTENANCE
    write_permission = REPORT_MAINTENANCE
    workflow_model = Ticket  # {id}/comment/ from the core; {id}/transition/ is the module's own command below
    serializer_class = serializers.MaintenanceTicketSerializer
    filterset_class = TicketApiFilter
    queryset = Ticket.objects.all()

    def initial(self, request, *args, **kwargs):
        if self.action == "create":  # reporting needs what the report page needs, not the right to read tickets
            self.required_permission, self.write_permission = REPORT_MAINTENANCE, None
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        tickets = ticket_queryset().order_by("-opened_at", "-pk")
        if self.action == "retrieve":
            tickets = tickets.prefetch_related("parts__added_by", "labour__technician", "checklist__done_by",
                                               "photos")
        return tickets

    def get_serializer_class(self):
        return DETAIL if self.action == "retrieve" else serializers.MaintenanceTicketSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def _answer(self, ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
        fresh = ticket_queryset().prefetch_related("parts__added_by", "labour__technician", "checklist__done_by",
                                                   "photos").get(pk=ticket.pk)
        return Response(DETAIL(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=serializers.MaintenanceTicketCreateSerializer,
                   responses={201: DETAIL, 200: DETAIL})
    @floor_write(REPORT_KIND)
    def create(self, request):
        data = serializers.MaintenanceTicketCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        received = report_ticket(
            request.user, line=values["line"], machine=values.get("machine"), priority=values.get("priority"),
            kind=values["kind"], problem=values["problem"], description=values["description"],
            key=values.get("idempotency_key"))
        return self._answer(received.record, received.status)

    @extend_schema(request=serializers.MaintenanceTransitionSerializer, responses={200: DETAIL})
    @action(detail=True, methods=["post"], write_permission=None)
    @floor_write(KIND)
    def transition(self, request, pk=None):
        """Take a workflow action (the caller's line, the transition's permission and rule, the state and the
        required fields are checked, in the core receiver's order); with ``key`` applied once."""
        ticket = ticket_for_command(pk)
        data = serializers.MaintenanceTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        name = values["action"]
        transition = Ticket.workflow.transition(name)
        fields = {f: values.get(f, None if f == "assigned_to" else "")
                  for f in (*transition.fields, *transition.optional_fields)}
        work = {k: values[k] for k in ("note", "part_number", "quantity", "minutes") if k in values}
        received = run_command(ticket, request.user, name, key=values.get("key"), fields=fields, work=work)
        return self._answer(received.record)

    @extend_schema(request=serializers.MaintenancePartInputSerializer,
                   responses={201: serializers.MaintenancePartSerializer, 200: serializers.MaintenancePartSerializer})
    @action(detail=True, methods=["post"], write_permission=WORK_MAINTENANCE)
    @floor_write(KIND)
    def parts(self, request, pk=None):
        return self._record_work(request, pk, "part", serializers.MaintenancePartInputSerializer,
                                 serializers.MaintenancePartSerializer, "added_by")

    @extend_schema(request=serializers.MaintenanceLabourInputSerializer,
                   responses={201: serializers.MaintenanceLabourSerializer,
                              200: serializers.MaintenanceLabourSerializer})
    @action(detail=True, methods=["post"], write_permission=WORK_MAINTENANCE)
    @floor_write(KIND)
    def labour(self, request, pk=None):
        return self._record_work(request, pk, "labour", serializers.MaintenanceLabourInputSerializer,
                                 serializers.MaintenanceLabourSerializer, "technician")

    def _record_work(self, request, pk, what: str, input_serializer, output_serializer, by: str) -> Response:
        """Parts and labour: parse, record through the service (who may, closed ticket, values), answer 201 (200
        for a replay of the caller's key)."""
        ticket = ticket_for_command(pk)
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        received = log_work(ticket, request.user, what, key=values.pop("key", None), **values)
        row = type(received.record).objects.select_related("ticket__line__facility", by).get(pk=received.record.pk)
        return Response(output_serializer(row).data, status=received.status)

    @extend_schema(request=serializers.MaintenanceTickInputSerializer,
                   responses={200: serializers.MaintenanceChecklistItemSerializer})
    @action(detail=True, methods=["post"], write_permission=WORK_MAINTENANCE)
    @floor_write(KIND)
    def checklist(self, request, pk=None):
        """Tick (or untick with ``done=false``) a checklist step; who and when are recorded."""
        ticket = ticket_for_command(pk)
        data = serializers.MaintenanceTickInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        received = log_work(ticket, request.user, "tick", key=values.pop("key", None), **values)
        item = ChecklistItem.objects.select_related("ticket__line__facility", "done_by").get(pk=received.record.pk)
        return Response(serializers.MaintenanceChecklistItemSerializer(item).data)


def _moment(request, name: str) -> dt.datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError({name: [_("Give a date-time with its UTC offset, e.g. 2026-03-02T06:00:00-06:00.")]})
    if not 2000 <= moment.year <= 2100:
        raise ValidationError({name: [_("Give a date between the years 2000 and 2100.")]})
    return moment


def reliability_period(request) -> tuple[dt.datetime, dt.datetime]:
    """``start``+``end`` (ISO date-times with offset, at most 1095 days apart), else the last ``days`` (30 to 1095,
    default DEFAULT_DAYS) up to now, as on the MTBF/MTTR page."""
    start, end = _moment(request, "start"), _moment(request, "end")
    if start or end:
        if not (start and end):
            raise ValidationError({"start" if not start else "end": [_("Give both start and end.")]})
        if not dt.timedelta(hours=1) <= end - start <= dt.timedelta(days=MAX_DAYS):
            raise ValidationError({"end": [_("The end must be after the start, at most 1095 days later.")]})
        return start, end
    raw = request.query_params.get("days", str(DEFAULT_DAYS))
    try:
        days = min(max(int(raw), 30), MAX_DAYS)
    except ValueError:
        raise ValidationError({"days": [_("Give the number of days as a whole number.")]}) from None
    now = timezone.now()
    return now - dt.timedelta(days=days), now


PERIOD_PARAMETERS = [
    OpenApiParameter("days", OpenApiTypes.INT,
                     description=f"The last N days up to now (30 to 1095, default {DEFAULT_DAYS}); "
                                 f"mtbf_hours is null with fewer than {MIN_FAILURES} failures in the period."),
    OpenApiParameter("start", OpenApiTypes.DATETIME, description="Start of the period, ISO 8601 with offset."),
    OpenApiParameter("end", OpenApiTypes.DATETIME, description="End of the period (excluded), with offset."),
]


@extend_schema(parameters=PERIOD_PARAMETERS)
class ReliabilityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """MTBF and MTTR per active machine (hours), from corrective tickets and unplanned downtime only: MTBF =
    (hours in the period − unplanned downtime hours) ÷ failures; MTTR = Σ repair time ÷ repaired tickets."""

    required_permission = VIEW_MAINTENANCE
    serializer_class = serializers.MaintenanceReliabilitySerializer
    filterset_class = MachineFilter
    queryset = Machine.objects.all()

    period: tuple[dt.datetime, dt.datetime] | None = None

    def get_queryset(self):
        if self.period is None:  # schema generation introspects the queryset without a request
            self.period = reliability_period(self.request) if self.request else default_period(timezone.now())
        start, end = self.period
        machines = Machine.objects.filter(active=True).select_related("line__facility").order_by("line__code", "code")
        return with_reliability(machines, start, end)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.period = reliability_period(request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "period": self.period}


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Preventive plans with their checklist steps; the detail adds whether the plan is due now and its slot."""

    required_permission = VIEW_MAINTENANCE
    serializer_class = serializers.MaintenancePlanSerializer
    queryset = PreventivePlan.objects.all()

    def get_queryset(self):
        return (PreventivePlan.objects.select_related("machine__line__facility", "priority")
                .prefetch_related("steps").order_by("machine__line__code", "machine__code", "name", "pk"))

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.MaintenancePlanDetailSerializer
        return serializers.MaintenancePlanSerializer

