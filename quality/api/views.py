"""REST endpoints of quality: every record list and detail, every create and every workflow action its pages
offer, through the same services, permissions and refusals as the pages (docs/quality.md, docs/workflow.md).

- rejects: list, read, record exactly once per idempotency key (``record_reject``), workflow actions;
- tickets: scoped to the caller's departments like the pages (quality staff see all); raise one
  (``raise_ticket``: the charging department is the caller's own), workflow actions;
- returns: list, read, record (``record_return``), add a photo (``add_return_photo``), workflow actions;
- NCRs: list, read, open (``open_ncr``), add a CAPA (``add_capa``), workflow actions; CAPAs: read, workflow actions.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.api.serializers import RefusalSerializer
from portal.commands import Forbidden, floor_write, form_refusal
from portal.roles import MANAGE_NCR, MANAGE_RETURNS, RAISE_TICKET, RECORD_REJECT, VIEW_QUALITY
from portal.services.scoping import facilities_for
from portal.workflow.api import WorkflowActionsMixin, creates, document_workflow, form_data

from ..filters import NcrFilter, RejectFilter, ReturnFilter, TicketFilter
from ..forms import CapaForm, NcrForm, ReturnForm, ReturnPhotoForm, TicketForm
from ..models import Capa, CustomerReturn, InternalReject, Ncr, ReturnPhoto, SopTicket
from ..services.floor import add_return_photo, record_reject, record_return, visible_rejects, visible_returns
from ..services.records import add_capa, open_ncr
from ..services.tickets import raise_ticket
from . import serializers

REFUSED = {400: RefusalSerializer, 403: RefusalSerializer, 409: RefusalSerializer}


def _valid(form):
    """The page's form validates the API's input too: the same messages for the same mistakes."""
    if not form.is_valid():
        raise form_refusal(form)
    return form.cleaned_data


@document_workflow
class RejectViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Internal rejects of the lines the caller may read. POST records one as the caller (state "submitted") on a
    line they work on, through ``quality.services.floor.record_reject``: 201 recorded, 200 a replay of the caller's
    own ``idempotency_key``; 400 invalid (with the fields), 403 a line the caller does not work on, 409 the caller's
    key already used for another reject. A photo is sent as multipart/form-data. ``{id}/transition/``: approve,
    reject, close as on the reject's page."""

    workflow_model = InternalReject
    required_permission = VIEW_QUALITY
    write_permission = RECORD_REJECT
    serializer_class = serializers.RejectSerializer
    filterset_class = RejectFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return visible_rejects(self.request.user).select_related("line", "defect").order_by("-occurred_at", "-pk")

    @extend_schema(responses={201: serializers.RejectSerializer, 200: serializers.RejectSerializer, **REFUSED})
    @floor_write("quality.reject")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        received = record_reject(request.user, data, data.get("idempotency_key"))
        return Response(self.get_serializer(received.record).data, status=received.status)


@document_workflow
class TicketViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, viewsets.GenericViewSet):
    """SOP tickets the caller's departments charge or are charged with (quality staff see all), as on the pages.
    POST raises one (``quality.raise_ticket``): the charging department is the caller's own (a quality
    administrator may name another, audited); the charged department's members and heads are told.
    ``{id}/transition/``: accept, dispute, reassign (the charged department), uphold or withdraw (heads, quality
    administrators), close (the charging department)."""

    workflow_model = SopTicket
    open_to_all_users = True  # who sees a ticket is the workflow's visible_to (the departments involved)
    serializer_class = serializers.TicketSerializer
    filterset_class = TicketFilter

    def get_queryset(self):
        return SopTicket.workflow.visible_to(SopTicket.objects.select_related(
            "charging_department", "charged_department").order_by("-created_at", "-pk"), self.request.user)

    @extend_schema(request=serializers.TicketCreateSerializer, responses={201: serializers.TicketSerializer,
                                                                          **REFUSED},
                   examples=[OpenApiExample("raise", request_only=True, value={
                       "charged_department": 2, "sop_reference": "SOP-2024-001",
                       "description": "Failed quality check: labels applied upside down."})])
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm(RAISE_TICKET):
            raise Forbidden(_no_permission())
        data = _valid(TicketForm(_with_own_department(request), user=request.user))
        ticket = raise_ticket(request.user, data)
        return Response(self.get_serializer(ticket).data, status=status.HTTP_201_CREATED)


def _with_own_department(request) -> dict:
    """The form's data; without a charging department, the caller's own (raise_ticket refuses when ambiguous)."""
    from ..services.tickets import own_departments

    sent = form_data(request)
    data = {key: sent.get(key) for key in ("charging_department", "charged_department", "sop_reference",
                                           "description")}
    if not data["charging_department"]:
        own = list(own_departments(request.user)[:2])
        data["charging_department"] = own[0].pk if len(own) == 1 else None
    return data


def _no_permission() -> str:
    from django.utils.translation import gettext as _

    return _("You do not have the permission this action requires.")


@document_workflow
class ReturnViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Customer returns of the caller's facilities. POST records one (``record_return``, once per
    ``idempotency_key``), ``{id}/photos/`` adds a photo; ``{id}/transition/``: investigate, dispose, close."""

    workflow_model = CustomerReturn
    required_permission = VIEW_QUALITY
    write_permission = MANAGE_RETURNS
    serializer_class = serializers.ReturnSerializer
    filterset_class = ReturnFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return visible_returns(self.request.user).order_by("-received_at", "-pk")

    @extend_schema(request=serializers.ReturnCreateSerializer,
                   responses={201: serializers.ReturnSerializer, 200: serializers.ReturnSerializer, **REFUSED})
    @floor_write("quality.return")
    def create(self, request, *args, **kwargs):
        facilities = list(facilities_for(request.user))
        data = dict(_valid(ReturnForm(form_data(request), request.FILES, facilities=facilities)))
        key = data.pop("idempotency_key", None)
        received = record_return(request.user, data, key)
        return Response(self.get_serializer(received.record).data, status=received.status)

    @extend_schema(request={"multipart/form-data": serializers.ReturnPhotoInputSerializer},
                   responses={201: serializers.ReturnSerializer, 200: serializers.ReturnSerializer, **REFUSED})
    @creates(ReturnPhoto)
    @action(detail=True, methods=["post"])
    @floor_write("quality.return_photo")
    def photos(self, request, pk=None):
        record = self.get_object()
        image = _valid(ReturnPhotoForm(form_data(request), request.FILES))["image"]
        received = add_return_photo(request.user, record, image, form_data(request).get("idempotency_key") or None)
        return Response(self.get_serializer(record).data, status=received.status)


@document_workflow
class NcrViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                 viewsets.GenericViewSet):
    """NCRs. POST opens one (``open_ncr``; without ``due_at`` it is due by its severity); ``{id}/capas/`` adds a
    CAPA; ``{id}/transition/``: contain, close (root cause, corrective and preventive actions, no open CAPA)."""

    workflow_model = Ncr
    required_permission = VIEW_QUALITY
    write_permission = MANAGE_NCR
    serializer_class = serializers.NcrSerializer
    filterset_class = NcrFilter

    def get_queryset(self):
        return Ncr.objects.order_by("-created_at", "-pk")

    @extend_schema(request=serializers.NcrCreateSerializer, responses={201: serializers.NcrSerializer, **REFUSED},
                   examples=[OpenApiExample("open", request_only=True, value={
                       "title": "Burrs on bracket 7731", "description": "Found at final inspection.",
                       "department": 3, "owner": 12, "severity": "major"})])
    def create(self, request, *args, **kwargs):
        data = _valid(NcrForm(form_data(request)))
        sent = form_data(request)
        source_field = next((f for f in ("sop_ticket", "reject", "customer_return") if sent.get(f)), None)
        source = None
        if source_field:
            scopes = {"sop_ticket": SopTicket.workflow.visible_to(SopTicket.objects.all(), request.user),
                      "reject": visible_rejects(request.user), "customer_return": visible_returns(request.user)}
            value = str(sent.get(source_field))
            source = scopes[source_field].filter(pk=int(value)).first() if value.isdigit() else None
            if source is None:
                raise form_refusal(_error_form(source_field))
        ncr = open_ncr(request.user, data, source_field, source)
        return Response(self.get_serializer(ncr).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.CapaCreateSerializer, responses={201: serializers.CapaSerializer, **REFUSED})
    @creates(Capa)
    @action(detail=True, methods=["post"])
    def capas(self, request, pk=None):
        ncr = self.get_object()
        capa = add_capa(request.user, ncr, _valid(CapaForm(form_data(request))))
        return Response(serializers.CapaSerializer(capa).data, status=status.HTTP_201_CREATED)


def _error_form(field: str):
    from django import forms
    from django.utils.translation import gettext as _

    form = forms.Form({})
    form.is_valid()
    form.add_error(None, _("%(field)s: not there or not yours to see.") % {"field": field})
    return form


@document_workflow
class CapaViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """CAPAs of the NCRs. ``{id}/transition/``: implement (the owner or an NCR manager), verify or reopen as not
    effective (an NCR manager other than the owner)."""

    workflow_model = Capa
    required_permission = VIEW_QUALITY
    serializer_class = serializers.CapaSerializer

    def get_queryset(self):
        return Capa.objects.order_by("ncr", "pk")
