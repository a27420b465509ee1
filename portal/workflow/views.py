"""The transition buttons and the timeline of a record, for any app's detail page (htmx-friendly).

An app adds one URL per workflow model::

    path("tickets/<int:pk>/workflow/<slug:action>/", TicketWorkflowView.as_view(), name="ticket-workflow")

    class TicketWorkflowView(WorkflowActionView):
        model = SopTicket
        permission_required = "quality.view_sopticket"   # who may open the record at all

and its detail view puts ``workflow_panel(record, user, url)`` in the context as ``panel`` and includes
``portal/workflow/panel.html``. ``action`` is a transition's name or ``comment``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.forms import modelform_factory
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from portal.access import CapabilityRequiredMixin
from portal.commands import Refused, refusal_response, wants_json

from .services import (
    TransitionNeedsConfirmation,
    TransitionRefused,
    add_comment,
    apply_transition,
    available_transitions,
)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


def transition_form(record, transition, data=None, files=None, *, prefixed: bool = True):
    """A form of the fields a transition asks for (all required), or None when it asks for none. The panel
    prefixes its fields with the transition's name (several forms on one page); the API sends them plain."""
    names = [*transition.fields, *transition.optional_fields]
    if not names:
        return None
    form_class = modelform_factory(type(record), fields=names)
    form = form_class(data, files, instance=record, prefix=transition.name if prefixed else None)
    for name in transition.fields:
        form.fields[name].required = True
    return form


def workflow_panel(record, user, action_url: str, *, errors: dict | None = None, message: str = "",
                   refused: bool = False, confirm: dict | None = None) -> dict:
    """Everything panel.html needs: the buttons the user may press (with their fields), the timeline."""
    errors = errors or {}
    timeline = list(record.timeline())
    for entry in timeline:  # state codes read by their labels
        entry.from_label = record.state_label_of(entry.from_state) if entry.from_state else ""
        entry.to_label = record.state_label_of(entry.to_state) if entry.to_state else ""
    buttons = []
    for transition in available_transitions(record, user):
        buttons.append({"transition": transition, "url": f"{action_url}{transition.name}/",
                        "form": errors.get(transition.name) or transition_form(record, transition)})
    return {
        "record": record, "buttons": buttons, "timeline": timeline, "message": message,
        "refused": refused,
        # A transition waiting for the user's confirmation: {"url", "label", "values"} (the fields sent again).
        "confirm": confirm,
        "comment_url": f"{action_url}comment/", "comment_form": errors.get("comment") or CommentForm(),
        "facility": getattr(record, "facility", None), "panel_url": action_url,
    }


class WorkflowActionView(CapabilityRequiredMixin, View):
    """POST a transition (or a comment); answers the refreshed panel to htmx, or redirects back to the record."""

    model = None
    template_name = "portal/workflow/panel.html"

    def get_queryset(self):
        queryset = self.model._default_manager.all()
        visible_to = self.model.workflow.visible_to
        return visible_to(queryset, self.request.user) if visible_to else queryset

    def action_url(self, record) -> str:
        match = self.request.resolver_match
        return reverse(f"{match.namespace}:{match.url_name}", args=[record.pk, "x"])[:-2]

    def render_panel(self, record, **kwargs):
        context = {"panel": workflow_panel(record, self.request.user, self.action_url(record), **kwargs)}
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk: int, action: str):
        return self.render_panel(get_object_or_404(self.get_queryset(), pk=pk))

    # The two writes of the panel: a module whose records move through its own command service overrides them.
    def comment(self, record, text: str):
        add_comment(record, self.request.user, text)
        return record

    def take(self, record, action: str, values: dict):
        return apply_transition(record, action, self.request.user, comment=self.request.POST.get("comment", ""),
                                confirmed=self.request.POST.get("confirmed") == "1", **values)

    def post(self, request, pk: int, action: str):
        record = get_object_or_404(self.get_queryset(), pk=pk)
        errors, message, confirm = {}, "", None
        try:
            if action == "comment":
                form = CommentForm(request.POST)
                if not form.is_valid():
                    errors["comment"] = form
                    raise TransitionRefused(_("Write a comment first."))
                record = self.comment(record, form.cleaned_data["text"])
            else:
                transition = record.workflow.transition(action)
                if transition is None:
                    raise Http404
                form = transition_form(record, transition, request.POST, request.FILES)
                values = {}
                if form is not None:
                    if not form.is_valid():
                        errors[action] = form
                        raise TransitionRefused(_("Check the fields of “%(action)s”.") % {"action": transition.label})
                    values = {name: form.cleaned_data[name] for name in form.fields}
                try:
                    record = self.take(record, action, values)
                except TransitionNeedsConfirmation:
                    # Asked again with the same fields and comment, and ``confirmed`` set.
                    sent = [(k, v) for k in request.POST if k not in ("csrfmiddlewaretoken", "confirmed")
                            for v in request.POST.getlist(k)]
                    confirm = {"url": f"{self.action_url(record)}{action}/", "label": transition.label,
                               "values": sent, "style": transition.style}
                    raise
                message = str(_("Done: %(action)s.") % {"action": transition.label})
        except (TransitionRefused, Refused) as refused:
            if isinstance(refused, Refused) and wants_json(request):
                return refusal_response(refused)
            record.refresh_from_db()
            if request.htmx or confirm:
                response = self.render_panel(record, errors=errors, message=refused.message, refused=True,
                                             confirm=confirm)
                response["HX-Reswap"] = "outerHTML"
                if not request.htmx:  # the confirmation asks on its own page, the panel alone
                    response.template_name = "portal/workflow/confirm.html"
                return response
            messages.error(request, refused.message)
            return HttpResponseRedirect(record.get_absolute_url())
        record.refresh_from_db()
        if request.htmx:
            return self.render_panel(record, message=message)
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(record.get_absolute_url())
