"""Clients of the laser shop, and the follow-up messages drafted for them."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import DeactivatableModel

from .projects import Stage


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class Client(DeactivatableModel):
    name = models.CharField(_("name"), max_length=150, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("WhatsApp / phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en",
                                help_text=_("Follow-up messages to this client are drafted in this language."))
    channel = models.CharField(_("preferred channel"), max_length=10, choices=Channel.choices,
                               default=Channel.WHATSAPP)

    class Meta:
        ordering = ["name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.name


class OutboundDraft(models.Model):
    """A follow-up message to a client, drafted by an escalation; a person edits it, sends it and marks it sent."""

    project = models.ForeignKey("laser.Project", models.CASCADE, related_name="drafts", verbose_name=_("project"))
    client = models.ForeignKey(Client, models.PROTECT, related_name="drafts", verbose_name=_("client"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    stage = models.CharField(_("stage"), max_length=20)
    # The stay that escalated: one draft per stay, whatever the number of escalation runs.
    stage_entered_at = models.DateTimeField(_("in the stage since"))
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("sent by"))
    # The project left the stage before the message was sent: its reason is gone, it is no longer offered.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "stage", "stage_entered_at"],
                                               name="laser_one_draft_per_stay")]
        verbose_name = _("client follow-up draft")
        verbose_name_plural = _("client follow-up drafts")

    def __str__(self) -> str:
        return f"{self.project.code} → {self.client}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


# The values a follow-up template may name, e.g. "Hi {contact}, project {project} is ready for pickup."
PLACEHOLDERS = {
    "contact": _("the client's contact person (or the client's name)"),
    "client": _("the client's name"),
    "project": _("the project's code"),
    "description": _("the project's description"),
    "stage": _("the stage, in the client's language"),
    "days": _("whole days in the stage"),
    "target_date": _("the target completion date"),
    "sheets": _("sheets required"),
}
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def fill_placeholders(text: str, values: dict) -> str:
    """``{name}`` replaced by its value; nothing else is evaluated (an admin's text is data, never code)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def check_placeholders(text: str) -> None:
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(_("Unknown placeholder(s): %(names)s. Use: %(known)s.") % {
            "names": ", ".join(f"{{{n}}}" for n in unknown),
            "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)})


class FollowUpTemplate(models.Model):
    """The client follow-up a stage's escalation drafts, per stage and language (the client's): edited in the
    admin. Without a row in the client's language the portal's language's row is used."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    whatsapp_text = models.TextField(_("WhatsApp message"))
    email_subject = models.CharField(_("e-mail subject"), max_length=200)
    email_text = models.TextField(_("e-mail message"))

    class Meta:
        ordering = ["stage", "language"]
        constraints = [models.UniqueConstraint(fields=["stage", "language"], name="laser_one_template_per_language")]
        verbose_name = _("client follow-up template")
        verbose_name_plural = _("client follow-up templates")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.language})"

    def clean(self) -> None:
        errors = {}
        for name in ("whatsapp_text", "email_subject", "email_text"):
            try:
                check_placeholders(getattr(self, name) or "")
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)
