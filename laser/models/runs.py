"""Laser runs logged from the phone page: started, then ended with the sheets used (which leave the inventory)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..materials import material_field, sheet_size_field, thickness_field


class LaserRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    project = models.ForeignKey("laser.Project", models.PROTECT, related_name="runs", verbose_name=_("project"))
    machine = models.ForeignKey("portal.Machine", models.PROTECT, related_name="laser_runs",
                                verbose_name=_("machine"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="laser_runs",
                                 verbose_name=_("operator"))
    extra_operators = models.ManyToManyField("laser.ExtraOperator", blank=True, related_name="runs",
                                             verbose_name=_("extra operators"))
    # Attached automatically from the project's material and thickness when the run starts.
    preset = models.ForeignKey("laser.Preset", models.PROTECT, null=True, blank=True, related_name="runs",
                               verbose_name=_("preset"))
    material_type = material_field()
    thickness_mm = thickness_field()
    # A manager's start without a preset, or on a project short of material: who, and why (also in the audit log).
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("started by exception by"))
    override_reason = models.CharField(_("reason for the exception"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING,
                              db_index=True)
    started_at = models.DateTimeField(_("started at"), db_index=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, db_index=True)
    sheets_used = models.PositiveIntegerField(_("sheets used"), null=True, blank=True)
    sheet_size = sheet_size_field(blank=True)
    parts_cut = models.PositiveIntegerField(_("parts cut"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Keys of the phone's offline queue (portal.commands.receive makes a replay answer the first outcome). They are
    # the operator's own: another operator may send the same key, and never finds this run with it.
    start_key = models.CharField(_("start key"), max_length=64, db_index=True)
    end_key = models.CharField(_("end key"), max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "start_key"], name="laser_run_start_key_per_operator"),
            models.UniqueConstraint(fields=["operator", "end_key"], name="laser_run_end_key_per_operator"),
        ]
        verbose_name = _("laser run")
        verbose_name_plural = _("laser runs")

    def __str__(self) -> str:
        return f"{self.project} #{self.pk}"
