"""REST endpoints of quality: rejects (list, read, record exactly once per idempotency key), tickets (scoped to the
user's departments), returns and NCRs (read)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.commands import floor_write
from portal.roles import RECORD_REJECT, VIEW_QUALITY

from ..filters import NcrFilter, RejectFilter, ReturnFilter, TicketFilter
from ..models import Ncr, SopTicket
from ..services.floor import record_reject, visible_rejects, visible_returns
from . import serializers


class RejectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Internal rejects of the lines the caller may read. POST records one as the caller (state "submitted") on a
    line they work on, through ``quality.services.floor.record_reject``: 201 recorded, 200 a replay of the caller's
    own ``idempotency_key``; 400 invalid (with the fields), 403 a line the caller does not work on, 409 the caller's
    key already used for another reject. A photo is sent as multipart/form-data."""

    required_permission = VIEW_QUALITY
    write_permission = RECORD_REJECT
    serializer_class = serializers.RejectSerializer
    filterset_class = RejectFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return visible_rejects(self.request.user).select_related("line", "defect").order_by("-occurred_at", "-pk")

    @extend_schema(responses={201: serializers.RejectSerializer, 200: serializers.RejectSerializer})
    @floor_write("quality.reject")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        received = record_reject(request.user, data, data.get("idempotency_key"))
        return Response(self.get_serializer(received.record).data, status=received.status)


class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """SOP tickets (quality staff see all; the pages also show each department its own tickets)."""

    required_permission = VIEW_QUALITY
    serializer_class = serializers.TicketSerializer
    filterset_class = TicketFilter

    def get_queryset(self):
        return SopTicket.workflow.visible_to(SopTicket.objects.order_by("-created_at", "-pk"), self.request.user)


class ReturnViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_permission = VIEW_QUALITY
    serializer_class = serializers.ReturnSerializer
    filterset_class = ReturnFilter

    def get_queryset(self):
        return visible_returns(self.request.user).order_by("-received_at", "-pk")


class NcrViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_permission = VIEW_QUALITY
    serializer_class = serializers.NcrSerializer
    filterset_class = NcrFilter

    def get_queryset(self):
        return Ncr.objects.order_by("-created_at", "-pk")
