"""REST endpoints of quality: rejects (list, read, record exactly once per idempotency key), tickets (scoped to the
user's departments), returns and NCRs (read)."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from portal.roles import RECORD_REJECT, VIEW_QUALITY

from ..filters import NcrFilter, RejectFilter, ReturnFilter, TicketFilter
from ..models import CustomerReturn, InternalReject, Ncr, SopTicket
from . import serializers


class RejectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Internal rejects. POST records one as the caller (state "submitted"); a repeated ``idempotency_key``
    answers 200 with the reject already recorded."""

    required_permission = VIEW_QUALITY
    write_permission = RECORD_REJECT
    serializer_class = serializers.RejectSerializer
    filterset_class = RejectFilter

    def get_queryset(self):
        return InternalReject.objects.order_by("-occurred_at", "-pk")

    @extend_schema(responses={201: serializers.RejectSerializer, 200: serializers.RejectSerializer})
    def create(self, request, *args, **kwargs):
        key = request.data.get("idempotency_key") if hasattr(request.data, "get") else None
        try:
            key = uuid.UUID(str(key)) if key else None
        except ValueError:
            key = None  # the serializer reports the malformed key
        if key and (done := InternalReject.objects.filter(idempotency_key=key).first()) is not None:
            return Response(self.get_serializer(done).data, status=status.HTTP_200_OK)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save(created_by=request.user)
        return Response(serializer.data, status=status.HTTP_201_CREATED)


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
        return CustomerReturn.objects.order_by("-received_at", "-pk")


class NcrViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_permission = VIEW_QUALITY
    serializer_class = serializers.NcrSerializer
    filterset_class = NcrFilter

    def get_queryset(self):
        return Ncr.objects.order_by("-created_at", "-pk")
