"""Clients of the laser shop, and the follow-up messages drafted for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import DeactivatableModel


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
