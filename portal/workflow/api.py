"""The REST side of a workflow: every transition and comment a record's page offers, through the same service,
permission and refusal contract (docs/workflow.md).

    class TicketViewSet(WorkflowActionsMixin, mixins.ListModelMixin, ..., viewsets.GenericViewSet):
        workflow_model = SopTicket

adds ``POST {id}/transition/`` (``{"action": name, "comment": "...", <the transition's fields>}``) and
``POST {id}/comment/`` (``{"text": "..."}``). The record is found in the viewset's queryset (what the caller may
see: 404 otherwise); the fields are validated by the page's own form of the transition
(``portal.workflow.views.transition_form``) and the move is ``apply_transition`` (or the viewset's ``take``, as
the page's view), so the page and the API accept and refuse the same things: 400 fields, 403 not the caller's to
take, 409 not possible in the record's state; each answers ``{"detail", "code", <field>: [...]}``. The OpenAPI
schema documents the actions with one example per transition.

Pages mark the views that create records with ``creates(Model)``, API actions too (a viewset's ``create`` counts
for its model): ``portal.testing.parity`` compares what each app's pages offer with what its API offers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.commands import Invalid

from .services import TransitionRefused, add_comment, apply_transition
from .views import transition_form


def form_data(request) -> dict | QueryDict:
    """The request's data for a page's form: a form-encoded body as it is; a JSON object whose values are single
    values (a list or an object where a form field expects one value is a 400 naming the field, not a 500)."""
    data = request.data
    if isinstance(data, QueryDict):
        return data
    if not isinstance(data, dict):
        raise Invalid(_("Send a JSON object."))
    errors = {key: _("Expected a single value.") for key, value in data.items() if isinstance(value, list | dict)}
    if errors:
        raise Invalid(errors=errors)
    # forms parse text, as a form-encoded body gives them (a JSON number or boolean is read as its text)
    return {key: "" if value is None else str(value) for key, value in data.items()}


def creates(model: type[models.Model]) -> Callable:
    """Mark a page view or an API action as creating ``model`` records (read by the parity meta-test)."""
    def mark(view):
        view.creates = model
        return view
    return mark


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, help_text=_("The comment, on the record's timeline."))


@cache
def transition_serializer(model: type[models.Model]) -> type[serializers.Serializer]:
    """The request body of ``{id}/transition/`` for ``model``: the action, a comment, and every field some
    transition asks for (each transition's own are required by it; the OpenAPI examples show which)."""
    workflow = model.workflow
    names = []
    for transition in workflow.transitions:
        names += [n for n in (*transition.fields, *transition.optional_fields) if n not in names]
    extra = {name: {"required": False} for name in names}

    class Meta:
        fields = names
        extra_kwargs = extra

    Meta.model = model
    attrs = {
        "Meta": Meta,
        "action": serializers.ChoiceField(choices=[(t.name, str(t.label)) for t in workflow.transitions],
                                          help_text=_("The transition to take.")),
        "comment": serializers.CharField(required=False, allow_blank=True, max_length=4000,
                                         help_text=_("An optional comment on the timeline.")),
    }
    serializer = type(f"{model.__name__}TransitionRequestSerializer", (serializers.ModelSerializer,), attrs)
    serializer.Meta.fields = ["action", "comment", *names]
    return serializer


def transition_examples(model: type[models.Model]) -> list[OpenApiExample]:
    examples = []
    for transition in model.workflow.transitions:
        value = {"action": transition.name, **dict.fromkeys(transition.fields, "…")}
        states = ", ".join(transition.sources)
        examples.append(OpenApiExample(
            transition.name, value=value, request_only=True,
            summary=f"{transition.label} ({states} → {transition.target})",
            description=_("Required fields: %(f)s.") % {"f": ", ".join(transition.fields) or "—"}))
    return examples


def _refusal_serializer():
    from portal.api.serializers import RefusalSerializer

    return RefusalSerializer


class WorkflowActionsMixin:
    """``{id}/transition/`` and ``{id}/comment/`` on a viewset of a workflow model (``workflow_model``)."""

    workflow_model: type[models.Model] | None = None
    # Who may act is the transition's own rule (as on the page): reading the record is enough to ask. A viewset's
    # ``write_permission`` (for its creates) does not apply to the workflow actions.
    write_permission = None

    def take(self, record, action_name: str, values: dict, comment: str):
        """The move itself, as the page's ``WorkflowActionView.take`` (a module with its own command service
        overrides both)."""
        return apply_transition(record, action_name, self.request.user, comment=comment, **values)

    def comment_on(self, record, text: str):
        add_comment(record, self.request.user, text)
        return record

    def workflow_response(self, record):
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data)

    @action(detail=True, methods=["post"], write_permission=None)  # the transition's own rule decides
    def transition(self, request, pk=None):
        record = self.get_object()
        data = form_data(request)
        name = str(data.get("action") or "")
        transition = record.workflow.transition(name)
        try:
            if transition is None:
                raise TransitionRefused(
                    _("“%(name)s” is not an action of a %(record)s.") % {
                        "name": name, "record": record._meta.verbose_name},
                    {"action": _("Choose one of: %(names)s.") % {
                        "names": ", ".join(t.name for t in record.workflow.transitions)}}, code="invalid")
            form = transition_form(record, transition, data, request.FILES, prefixed=False)
            values = {}
            if form is not None:
                if not form.is_valid():
                    errors = {field: " ".join(messages) for field, messages in form.errors.items()}
                    raise TransitionRefused(" ".join(errors.values()), errors, code="invalid")
                values = {field: form.cleaned_data[field] for field in form.fields}
            record = self.take(record, name, values, str(data.get("comment") or ""))
        except TransitionRefused as refused:
            raise refused.as_refused() from refused
        return self.workflow_response(record)

    @action(detail=True, methods=["post"], write_permission=None)
    def comment(self, request, pk=None):
        record = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = self.comment_on(record, serializer.validated_data["text"])
        except TransitionRefused as refused:
            raise refused.as_refused() from refused
        return self.workflow_response(record)


def document_workflow(viewset: type) -> type:
    """Class decorator: the OpenAPI schema of a ``WorkflowActionsMixin`` viewset's actions, with one example per
    transition (applied after the class is built, when its model is known)."""
    model = viewset.workflow_model
    refused = _refusal_serializer()
    output = viewset.serializer_class
    # A module whose transitions run through its own command service keeps its own ``transition`` and its schema;
    # it takes the comment from here.
    own_transition = "transition" in viewset.__dict__
    # extend_schema_view gives each viewset its own copy of the inherited actions (one schema per model)
    return extend_schema_view(**({} if own_transition else {"transition": extend_schema(
            summary=_("Take a workflow action"), request=transition_serializer(model),
            examples=transition_examples(model),
            responses={200: output, 400: refused, 403: refused, 404: refused, 409: refused},
            description=_("The transitions the record's page offers: %(list)s. Refused as on the page: 400 fields, "
                          "403 not yours to take, 409 not possible in the record's state.") % {"list": "; ".join(
                              f"{t.name} ({', '.join(t.sources)} → {t.target})"
                              for t in model.workflow.transitions)})}),
        comment=extend_schema(
            summary=_("Comment on the record's timeline"), request=CommentSerializer,
            examples=[OpenApiExample("comment", value={"text": "Called the supplier."}, request_only=True)],
            responses={200: output, 400: refused, 404: refused}),
    )(viewset)
