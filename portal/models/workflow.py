"""The workflow mechanism's storage (portal/workflow/, docs/workflow.md): one timeline of every record that moves
through states, and the escalations already sent (their unique key makes the periodic run idempotent)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEntry(models.Model):
    """One line of a record's timeline: a state change, a comment or an escalation. Append-only."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("State change")
        COMMENT = "comment", _("Comment")
        ESCALATION = "escalation", _("Escalation")

    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    transition = models.CharField(_("transition"), max_length=50, blank=True)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    text = models.TextField(_("text"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="timeline_record_at")]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_state}->{self.to_state} {self.at:%Y-%m-%d %H:%M}"


class Escalation(models.Model):
    """An escalation level already sent for one stay of a record in a state. The unique key is what makes a second
    periodic run (or two overlapping runs) send nothing more; leaving and re-entering the state starts afresh."""

    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    rule = models.CharField(_("rule"), max_length=50)
    level = models.PositiveSmallIntegerField(_("level"))
    state = models.CharField(_("state"), max_length=30)
    state_entered_at = models.DateTimeField(_("in the state since"))
    escalated_at = models.DateTimeField(_("escalated at"), db_index=True)

    class Meta:
        ordering = ["-escalated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "rule", "level", "state_entered_at"], name="uniq_escalation_step"
            )
        ]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.rule} L{self.level} {self.content_type_id}:{self.object_id}"
