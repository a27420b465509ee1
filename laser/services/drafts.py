"""Client follow-up drafts: written by the stage escalation in the client's language, edited and marked sent."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import OutboundDraft, Project


class DraftRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def draft_text(project: Project) -> str:
    """The message for the project's stage, in the client's language, for WhatsApp or e-mail."""
    client = project.client
    with translation.override(client.language):
        return render_to_string(f"laser/drafts/{client.channel}.txt", {
            "project": project, "client": client, "stage": project.get_stage_display(),
        }).strip()


def draft_follow_up(project: Project) -> OutboundDraft | None:
    """One draft per stay in a stage (a second escalation run drafts nothing)."""
    try:
        with transaction.atomic():
            return OutboundDraft.objects.create(
                project=project, client=project.client, channel=project.client.channel,
                language=project.client.language, stage=project.stage, stage_entered_at=project.state_entered_at,
                body=draft_text(project))
    except IntegrityError:
        return None


def escalation_hook(project: Project, index: int, level) -> None:
    """The stage escalation's hook (laser/models/projects.py names it by path): draft the client's follow-up."""
    draft_follow_up(project)


@transaction.atomic
def save_draft(draft: OutboundDraft, body: str, *, mark_sent: bool, user) -> OutboundDraft:
    locked = OutboundDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.sent_at is not None:
        raise DraftRefused(_("This message was already marked sent."))
    body = (body or "").strip()
    if not body:
        raise DraftRefused(_("The message cannot be empty."))
    locked.body = body
    if mark_sent:
        locked.sent_at, locked.sent_by = timezone.now(), user
    locked.save()
    return locked
