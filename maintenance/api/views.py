"""REST endpoints of maintenance (mounted under /api/maintenance/).

Tickets: list (filters), read, report (idempotent by ``idempotency_key``: 201 the first time, 200 with the same
ticket after), ``{id}/transition/`` through the shared workflow (403 without the transition's permission, 409
with the workflow's sentence when refused; with ``key`` stored once, as the phone's offline queue sends it),
``{id}/parts/``, ``{id}/labour/`` and ``{id}/checklist/``. MTBF/MTTR per machine over a period (the same
aggregate as the pages) and preventive plans (read).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.models import Machine
from portal.roles import REPORT_MAINTENANCE, VIEW_MAINTENANCE, WORK_MAINTENANCE

from ..filters import MachineFilter, TicketApiFilter
from ..models import ChecklistItem, PreventivePlan, Ticket
from ..services.commands import run_command
from ..services.reliability import default_period, with_reliability
from ..services.tickets import open_ticket
from ..services.work import add_labour, add_part, tick_step
from . import serializers

CLOSED = ("verified", "cancelled")
DETAIL = serializers.MaintenanceTicketDetailSerializer
REFUSED = serializers.MaintenanceRefusedSerializer
MAX_DAYS = 1095


def _refused(message: str, fields: dict | None = None, code: int = status.HTTP_409_CONFLICT) -> Response:
    body = {"detail": message}
    if fields:
        body["fields"] = fields
    return Response(body, status=code)


def _as_api_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


def ticket_queryset():
    return Ticket.objects.select_related("line__facility", "machine", "priority", "assigned_to", "reported_by")


class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Maintenance tickets, newest first. Filters: ``state``, ``status`` (open/closed/past_sla), ``past_sla``,
    ``line``, ``machine``, ``facility``, ``priority``, ``kind``, ``assigned_to``, ``q``."""

    required_permission = VIEW_MAINTENANCE
    write_permission = REPORT_MAINTENANCE
    serializer_class = serializers.MaintenanceTicketSerializer
    filterset_class = TicketApiFilter
    queryset = Ticket.objects.all()

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
        return Response(DETAIL(fresh, context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(request=serializers.MaintenanceTicketCreateSerializer,
                   responses={201: DETAIL, 200: DETAIL})
    def create(self, request):
        data = serializers.MaintenanceTicketCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            ticket, created = open_ticket(
                line=values["line"], machine=values.get("machine"), priority=values.get("priority"),
                kind=values["kind"], problem=values["problem"], description=values["description"],
                reported_by=request.user, idempotency_key=values.get("idempotency_key"))
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from None
        return self._answer(ticket, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=serializers.MaintenanceTransitionSerializer,
                   responses={200: DETAIL, 403: REFUSED,
                              409: REFUSED})
    @action(detail=True, methods=["post"], write_permission=None)
    def transition(self, request, pk=None):
        """Take a workflow action (the workflow checks the state, the caller's permission and required fields)."""
        ticket = get_object_or_404(Ticket, pk=pk)
        data = serializers.MaintenanceTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        name = values["action"]
        transition = Ticket.workflow.transition(name)
        fields = {f: values.get(f, None if f == "assigned_to" else "")
                  for f in (*transition.fields, *transition.optional_fields)}
        work = {k: values[k] for k in ("note", "part_number", "quantity", "minutes") if k in values}
        outcome = run_command(ticket, request.user, name, key=values.get("key"), fields=fields, work=work)
        if not outcome.applied:
            return _refused(outcome.message, outcome.field_errors, outcome.status)
        return self._answer(outcome.ticket)

    def _workable(self, pk) -> Ticket:
        return get_object_or_404(Ticket, pk=pk)

    def _closed(self, ticket: Ticket) -> Response | None:
        if ticket.state in CLOSED:
            return _refused(_("MT-%(pk)s is %(state)s: no more work can be recorded on it.") % {
                "pk": ticket.pk, "state": ticket.state_label})
        return None

    @extend_schema(request=serializers.MaintenancePartInputSerializer,
                   responses={201: serializers.MaintenancePartSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], write_permission=WORK_MAINTENANCE)
    def parts(self, request, pk=None):
        return self._record_work(request, pk, serializers.MaintenancePartInputSerializer, add_part,
                                 serializers.MaintenancePartSerializer, "added_by")

    @extend_schema(request=serializers.MaintenanceLabourInputSerializer,
                   responses={201: serializers.MaintenanceLabourSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], write_permission=WORK_MAINTENANCE)
    def labour(self, request, pk=None):
        return self._record_work(request, pk, serializers.MaintenanceLabourInputSerializer, add_labour,
                                 serializers.MaintenanceLabourSerializer, "technician")

    def _record_work(self, request, pk, input_serializer, record, output_serializer, by: str) -> Response:
        """Parts and labour: validate, refuse on a closed ticket (409), record through the service, answer 201."""
        ticket = self._workable(pk)
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        if (refused := self._closed(ticket)) is not None:
            return refused
        try:
            row = record(ticket, request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from None
        row = type(row).objects.select_related("ticket__line__facility", by).get(pk=row.pk)
        return Response(output_serializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.MaintenanceTickInputSerializer,
                   responses={200: serializers.MaintenanceChecklistItemSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], write_permission=WORK_MAINTENANCE)
    def checklist(self, request, pk=None):
        """Tick (or untick with ``done=false``) a checklist step; who and when are recorded."""
        ticket = self._workable(pk)
        data = serializers.MaintenanceTickInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        item = ChecklistItem.objects.filter(ticket=ticket, pk=values["item"]).first()
        if item is None:
            raise ValidationError({"item": [_("This step is not on the ticket's checklist.")]})
        if (refused := self._closed(ticket)) is not None:
            return refused
        item = tick_step(item, request.user, done=values["done"], note=values["note"])
        item = ChecklistItem.objects.select_related("ticket__line__facility", "done_by").get(pk=item.pk)
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
    default 365) up to now, as on the MTBF/MTTR page."""
    start, end = _moment(request, "start"), _moment(request, "end")
    if start or end:
        if not (start and end):
            raise ValidationError({"start" if not start else "end": [_("Give both start and end.")]})
        if not dt.timedelta(hours=1) <= end - start <= dt.timedelta(days=MAX_DAYS):
            raise ValidationError({"end": [_("The end must be after the start, at most 1095 days later.")]})
        return start, end
    raw = request.query_params.get("days", "365")
    try:
        days = min(max(int(raw), 30), MAX_DAYS)
    except ValueError:
        raise ValidationError({"days": [_("Give the number of days as a whole number.")]}) from None
    now = timezone.now()
    return now - dt.timedelta(days=days), now


PERIOD_PARAMETERS = [
    OpenApiParameter("days", OpenApiTypes.INT, description="The last N days up to now (30 to 1095, default 365)."),
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

