"""Models of the Notifications module.

A notification is one *condition* (kind + source object + key) that is open until a person resolves it or the
raising module clears it because the condition went away. Who sees it is its audience (permissions, groups,
users); whether each of them has read it is a ``NotificationRead`` row. Changes go through
``notifications.services``, never through these models directly.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# "downtime.notify", "laser.stage_overdue": lowercase words joined by dots, dashes or underscores.
KIND_PATTERN = r"^[a-z0-9]+(?:[._-][a-z0-9]+)*\Z"
kind_validator = RegexValidator(KIND_PATTERN, _("Use lowercase letters, digits, dots, dashes and underscores."))


def validate_link(url: str) -> None:
    """A notification link is rendered as a link: only site paths and http(s) addresses, never javascript:."""
    if url and not ((url.startswith("/") and not url.startswith("//")) or url.startswith(("https://", "http://"))):
        raise ValidationError(_("Use a path on this site (/...) or an http(s) address."), code="invalid_link")


class Notification(models.Model):
    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        CRITICAL = "critical", _("Critical")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        CLEARED = "cleared", _("Cleared")

    kind = models.CharField(_("kind"), max_length=100, validators=[kind_validator])
    # The object the condition is about; empty for plant-wide conditions. The id is text so any primary key fits.
    source_type = models.ForeignKey(
        ContentType, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_id = models.CharField(_("source id"), max_length=64, blank=True, default="")
    source = GenericForeignKey("source_type", "source_id")
    key = models.CharField(
        _("condition key"), max_length=100, blank=True, default="",
        help_text=_("Tells apart several conditions of the same kind on the same source."),
    )

    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, validators=[validate_link])

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_raised_at = models.DateTimeField(_("last raised at"), default=timezone.now)
    raise_count = models.PositiveIntegerField(_("times raised"), default=1)
    # The raise_count an email was last sent for: the email task claims a raise once, so a retried or
    # duplicated task never sends the same raise twice.
    emailed_raise = models.PositiveIntegerField(_("emailed for raise"), default=0, editable=False)

    target_permissions = models.ManyToManyField(
        "auth.Permission", blank=True, related_name="+", verbose_name=_("for holders of permissions")
    )
    target_groups = models.ManyToManyField(
        "auth.Group", blank=True, related_name="+", verbose_name=_("for groups")
    )
    target_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("for users")
    )

    class Meta:
        ordering = ["-last_raised_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # At most one open notification per condition. Two constraints because NULL never equals NULL in
            # a unique index (SQLite, PostgreSQL): plant-wide conditions have no source type.
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id", "key"],
                condition=Q(state="open", source_type__isnull=False),
                name="notification_one_open_per_source",
            ),
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=Q(state="open", source_type__isnull=True),
                name="notification_one_open_plantwide",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "resolved", "cleared"]), name="notification_state_valid"
            ),
        ]
        indexes = [
            # The bell: open notifications, newest first.
            models.Index(fields=["state", "-last_raised_at"], name="notification_state_recent"),
            models.Index(fields=["kind", "state"], name="notification_kind_state"),
        ]

    def __str__(self) -> str:
        return f"[{self.kind}] {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class NotificationRead(models.Model):
    """That one user has read one notification (absent row: unread)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_reads", verbose_name=_("user")
    )
    notification = models.ForeignKey(
        Notification, models.CASCADE, related_name="reads", verbose_name=_("notification")
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification read")
        verbose_name_plural = _("notification reads")
        constraints = [
            # Also the index of the "not read by me" lookup in the unread count.
            models.UniqueConstraint(fields=["user", "notification"], name="notificationread_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.notification_id}"
