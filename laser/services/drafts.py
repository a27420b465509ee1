"""Client follow-up drafts: written by a stage's escalation from that stage's template (admin) in the client's
language, edited and marked sent; withdrawn when the project leaves the stage before it was sent."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import FollowUpTemplate, OutboundDraft, Project
from ..models.clients import Channel, fill_placeholders


class DraftRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def template_for(stage: str, language: str) -> FollowUpTemplate | None:
    """The stage's template in ``language``, else in the portal's language (a client in a language nobody wrote
    a template for still gets a draft to translate), else None."""
    rows = {t.language: t for t in FollowUpTemplate.objects.filter(stage=stage,
                                                                   language__in=[language, settings.LANGUAGE_CODE])}
    return rows.get(language) or rows.get(settings.LANGUAGE_CODE)


def draft_text(project: Project, now=None) -> str | None:
    """The message for the project's stage, in the client's language, for WhatsApp or e-mail (None: the stage has
    no template)."""
    client = project.client
    template = template_for(project.stage, client.language)
    if template is None:
        return None
    now = now or timezone.now()
    with translation.override(template.language):
        values = {
            "contact": client.contact_name or client.name, "client": client.name, "project": project.code,
            "description": project.description, "stage": project.get_stage_display(),
            "days": int((now - project.state_entered_at).total_seconds() // 86400),
            "target_date": date_format(project.target_date, "SHORT_DATE_FORMAT") if project.target_date else "",
            "sheets": project.sheets_required,
        }
        if client.channel == Channel.EMAIL:
            subject = fill_placeholders(template.email_subject, values)
            return (_("Subject: %(subject)s") % {"subject": subject} + "\n\n"
                    + fill_placeholders(template.email_text, values)).strip()
        return fill_placeholders(template.whatsapp_text, values).strip()


def draft_follow_up(project: Project, now=None) -> OutboundDraft | None:
    """One draft per stay in a stage (a second escalation run drafts nothing); none without a template."""
    body = draft_text(project, now)
    if body is None:
        return None
    try:
        with transaction.atomic():
            return OutboundDraft.objects.create(
                project=project, client=project.client, channel=project.client.channel,
                language=project.client.language, stage=project.stage, stage_entered_at=project.state_entered_at,
                body=body)
    except IntegrityError:
        return None


def escalation_hook(project: Project, index: int, level) -> None:
    """The stage escalation's hook (laser/models/projects.py names it by path): draft the client's follow-up."""
    draft_follow_up(project)


def withdraw_stale_drafts(project: Project) -> int:
    """The project moved on: its unsent drafts of another stage (or an earlier stay) lost their reason."""
    stale = (OutboundDraft.objects.select_for_update()
             .filter(project=project, sent_at__isnull=True, withdrawn_at__isnull=True)
             .exclude(stage=project.stage, stage_entered_at=project.state_entered_at))
    now = timezone.now()
    count = 0
    for draft in stale:  # one save each: the audit trail records every withdrawal
        draft.withdrawn_at = now
        draft.save(update_fields=["withdrawn_at"])
        count += 1
    return count


@transaction.atomic
def save_draft(draft: OutboundDraft, body: str, *, mark_sent: bool, user) -> OutboundDraft:
    locked = OutboundDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.sent_at is not None:
        raise DraftRefused(_("This message was already marked sent."))
    if locked.withdrawn_at is not None:
        raise DraftRefused(_("This message was withdrawn: the project left the stage it was written for."))
    body = (body or "").strip()
    if not body:
        raise DraftRefused(_("The message cannot be empty."))
    locked.body = body
    if mark_sent:
        locked.sent_at, locked.sent_by = timezone.now(), user
    locked.save()
    return locked
