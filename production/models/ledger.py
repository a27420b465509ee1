"""Production orders and their IN/OUT ledger per work center (seed 002).

A work center is a core ``ProductionLine``. The ledger (``Movement``) is append-only: a mistake is corrected by
a reversing movement with a reason, never by editing or deleting a row. ``Balance`` keeps IN, OUT and IN - OUT
per order and work center; it is updated in the same transaction as the movement, under a row lock, and a
database constraint refuses a negative balance unless an authorised override made it so.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import ProductionLine
from portal.services.localtime import local_date


class ProductionOrder(models.Model):
    """A local production order number, optionally linked to an ERP job."""

    number = models.CharField(_("order number"), max_length=40, unique=True)
    erp_job = models.CharField(_("ERP job"), max_length=40, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("production order")
        verbose_name_plural = _("production orders")
        permissions = [
            ("record_movement", _("Record production IN/OUT movements")),
            ("override_balance", _("Record an OUT above the balance, with a reason")),
            ("view_all_work_centers", _("See and record at every work center, whatever the departments")),
            ("view_balance_report", _("Open the production balance report")),
        ]

    def __str__(self) -> str:
        return self.number


class Movement(models.Model):
    class Direction(models.TextChoices):
        IN = "IN", _("IN")
        OUT = "OUT", _("OUT")

    class Kind(models.TextChoices):
        NORMAL = "normal", _("Normal")
        OVERRIDE = "override", _("Override (above the balance)")
        CORRECTION = "correction", _("Correction (reverses a movement)")

    order = models.ForeignKey(ProductionOrder, models.PROTECT, related_name="movements", verbose_name=_("order"))
    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="movements",
                             verbose_name=_("work center"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NORMAL)
    reason = models.CharField(_("reason"), max_length=500, blank=True,
                              help_text=_("Required for an override or a correction."))
    reverses = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="reversed_by",
                                    verbose_name=_("reverses"))
    erp_job = models.CharField(_("ERP job"), max_length=40, blank=True)
    # Optional: the machine of the work center that made the units (machine-level OEE).
    machine = models.ForeignKey("portal.Machine", models.PROTECT, null=True, blank=True, related_name="movements",
                                verbose_name=_("machine"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # The work center's plant date of ``at`` (its facility's zone), set once when recorded: date filters and
    # reports mean the plant's days, whatever the server's zone (docs/time-zones.md).
    plant_date = models.DateField(_("plant date"), db_index=True)
    # The writer's key of the command that recorded it (portal.commands.receive keeps the key itself, per writer and
    # command): another operator may send the same key, so it is unique per user only.
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        indexes = [
            # covers OEE's read of a year of OUT movements (no table lookups: 360 -> 120 ms for 100,000 on SQLite)
            models.Index(fields=["line", "at", "direction", "kind", "quantity", "machine"],
                         name="production_mv_line_at_cov2"),
            # corrections are rare: OEE's read of the ones that undo an OUT becomes a few index rows, not a scan
            models.Index(fields=["line", "at"], condition=Q(kind="correction"), name="production_mv_corrections"),
            models.Index(fields=["order", "line"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="production_movement_quantity_positive"),
            models.CheckConstraint(condition=~Q(kind="correction") | Q(reverses__isnull=False),
                                   name="production_correction_reverses_a_movement"),
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="production_movement_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.direction} {self.quantity} @ {self.line.code}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("Movements cannot be changed: record a correction instead."))
        if self.plant_date is None:
            self.plant_date = local_date(self.at, self.line.facility)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Movements cannot be deleted: record a correction instead."))


class Balance(models.Model):
    """IN, OUT and IN - OUT of an order at a work center, kept with every movement (the report reads this)."""

    order = models.ForeignKey(ProductionOrder, models.CASCADE, related_name="balances", verbose_name=_("order"))
    line = models.ForeignKey(ProductionLine, models.CASCADE, related_name="+", verbose_name=_("work center"))
    quantity_in = models.PositiveIntegerField(_("IN"), default=0)
    quantity_out = models.PositiveIntegerField(_("OUT"), default=0)
    balance = models.IntegerField(_("balance"), default=0)
    # Set while an authorised override keeps the balance below zero; the constraint allows only that case.
    overdrawn = models.BooleanField(_("overdrawn by an override"), default=False)
    last_movement_at = models.DateTimeField(_("last movement"), null=True, blank=True)

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        constraints = [
            models.UniqueConstraint(fields=["order", "line"], name="production_balance_one_per_order_line"),
            models.CheckConstraint(condition=Q(balance=F("quantity_in") - F("quantity_out")),
                                   name="production_balance_is_in_minus_out"),
            models.CheckConstraint(condition=Q(balance__gte=0) | Q(overdrawn=True),
                                   name="production_balance_never_negative"),
        ]
        indexes = [models.Index(fields=["line", "balance"])]

    def __str__(self) -> str:
        return f"{self.order} @ {self.line.code}: {self.balance}"
