"""Client follow-up drafts: the list (unsent first), edit and mark sent."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView

from ..apps import MANAGE
from ..filters import DraftFilter
from ..forms import DraftForm
from ..models import OutboundDraft, Stage
from ..services.drafts import DraftRefused, save_draft
from . import ShopZoneMixin, in_shop_zone


def _draft_url(row) -> str:
    return reverse("laser:draft", args=[row.pk])


class DraftListView(ShopZoneMixin, PortalListView):
    permission_required = MANAGE
    title = gettext_lazy("Client follow-up drafts")
    intro = gettext_lazy("Drafted when a project sits too long in a stage, in the client's language. Edit the "
                         "text, send it by WhatsApp or e-mail, then mark it sent. A draft not sent when its project "
                         "leaves the stage is withdrawn.")
    filterset_class = DraftFilter
    default_sort = "-created_at"
    export_name = "laser-drafts"
    columns = (
        Column("project.code", gettext_lazy("Project"), sort="project__code", link=_draft_url),
        Column("client.name", gettext_lazy("Client"), sort="client__name"),
        Column("channel_label", gettext_lazy("Channel"), getter=lambda d: d.get_channel_display()),
        Column("language", gettext_lazy("Language")),
        Column("created_at", gettext_lazy("Drafted at"), kind="datetime", sort="created_at"),
        Column("stage_label", gettext_lazy("Stage"), getter=lambda d: Stage(d.stage).label
               if d.stage in Stage.values else d.stage),
        Column("sent_at", gettext_lazy("Sent at"), kind="datetime", sort="sent_at"),
        Column("withdrawn_at", gettext_lazy("Withdrawn at"), kind="datetime", sort="withdrawn_at"),
    )

    def get_queryset(self):
        return OutboundDraft.objects.select_related("project", "client")

    def row_css(self, row) -> str:
        return "" if row.sent_at or row.withdrawn_at else "table-info"


@in_shop_zone
@capability_required(MANAGE)
def draft_detail(request, pk: int):
    draft = get_object_or_404(OutboundDraft.objects.select_related("project", "client"), pk=pk)
    form = DraftForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        try:
            save_draft(draft, form.cleaned_data["body"], mark_sent="mark_sent" in request.POST, user=request.user)
        except DraftRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Marked sent.") if "mark_sent" in request.POST else _("Draft saved."))
            return redirect("laser:drafts")
    return render(request, "laser/draft.html", {"draft": draft, "form": form})
