"""Models of the Scheduling module: planner projections on ERP sales-order lines, their history, preferences.

The ERP is read-only and lives in another database, so a projection refers to its line by the ERP's stable line
id (``erp_sales_order_line.id``) and keeps a snapshot of the SO number and line number for reading history after
the line is gone from the open list.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectionField(models.TextChoices):
    LOW_RISK = "low_risk", _("No/Low-risk qty")
    HIGH_RISK = "high_risk", _("High-risk qty")


# The model attribute behind each editable field.
FIELD_ATTRIBUTES = {ProjectionField.LOW_RISK: "low_risk_qty", ProjectionField.HIGH_RISK: "high_risk_qty"}


class Projection(models.Model):
    """What the planners expect to produce for one open SO line. One row per line, never deleted."""

    so_line_id = models.BigIntegerField(
        _("SO line ID"), unique=True, help_text=_("The ERP sales-order line (erp_sales_order_line.id).")
    )
    so_number = models.CharField(_("sales order"), max_length=20, help_text=_("Snapshot of the SO number."))
    line_number = models.IntegerField(_("line"), help_text=_("Snapshot of the SO line number."))
    low_risk_qty = models.PositiveBigIntegerField(
        _("no/low-risk qty"), default=0, help_text=_("Quantity the planners are confident will be produced.")
    )
    high_risk_qty = models.PositiveBigIntegerField(
        _("high-risk qty"), default=0, help_text=_("Further quantity that may be produced, at risk.")
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Raised by every change; a save naming an older version is refused.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    archived = models.BooleanField(
        _("archived"), default=False, db_index=True,
        help_text=_("The line closed in the ERP; the projection is kept for history."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("projection")
        verbose_name_plural = _("projections")
        ordering = ["so_number", "line_number"]
        indexes = [models.Index(fields=["so_number", "line_number"])]

    def __str__(self) -> str:
        return f"{self.so_number}/{self.line_number}"

    def quantity(self, field: str) -> int:
        return getattr(self, FIELD_ATTRIBUTES[ProjectionField(field)])


class ProjectionChange(models.Model):
    """One change of one projection field: who, when, old and new value. Append-only."""

    projection = models.ForeignKey(
        Projection, models.PROTECT, related_name="changes", verbose_name=_("projection")
    )
    field = models.CharField(_("field"), max_length=12, choices=ProjectionField.choices)
    old_value = models.PositiveBigIntegerField(_("old value"), null=True, blank=True)
    new_value = models.PositiveBigIntegerField(_("new value"))
    version = models.PositiveIntegerField(_("version"), help_text=_("The projection's version after the change."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), db_index=True)

    class Meta:
        verbose_name = _("projection change")
        verbose_name_plural = _("projection changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.projection} {self.field}: {self.old_value} → {self.new_value}"


class GridPreference(models.Model):
    """A user's grid layout, kept on the server so it follows them to another device."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="scheduling_grid_preference",
        verbose_name=_("user"),
    )
    hidden_columns = models.JSONField(_("hidden columns"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("grid preference")
        verbose_name_plural = _("grid preferences")

    def __str__(self) -> str:
        return str(self.user)


class AgingBucket(models.Model):
    """The age bounds of the finished-goods value cards (a single row, edited in the admin).

    Ages are whole days since the lot's receipt date: up to ``first_max_days``, up to ``second_max_days``,
    and older.
    """

    SINGLETON_PK = 1

    first_max_days = models.PositiveIntegerField(
        _("first bucket: up to (days)"), default=30, help_text=_("Lots received this many days ago or less.")
    )
    second_max_days = models.PositiveIntegerField(
        _("second bucket: up to (days)"), default=90,
        help_text=_("Older lots up to this age; anything older is in the third bucket."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("FG aging buckets")
        verbose_name_plural = _("FG aging buckets")

    def __str__(self) -> str:
        return f"0-{self.first_max_days} / {self.first_max_days + 1}-{self.second_max_days} / >{self.second_max_days}"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK  # one row: saving always updates it
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.second_max_days <= self.first_max_days:
            raise ValidationError(
                {"second_max_days": _("The second bound must be above the first (%(first)s days).")
                 % {"first": self.first_max_days}}
            )

    @classmethod
    def current(cls) -> AgingBucket:
        """The configured bounds, or the defaults (unsaved) when nobody has set them."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)
