"""Laser projects moving through the shop's stages (the shared workflow), with timed escalations per stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.roles import LASER_MANAGE
from portal.workflow import Audience, EscalationLevel, EscalationRule, Transition, Workflow, WorkflowMixin

from ..materials import material_field, sheet_size_field, thickness_field

MANAGE = LASER_MANAGE


class Stage(models.TextChoices):
    QUOTES = "quotes", _("Quotes and approval")
    MATERIAL = "material", _("Waiting on material")
    CUTTING = "cutting", _("Cutting")
    PICKUP = "pickup", _("Ready for pickup")
    DELIVERED = "delivered", _("Delivered")


ESCALATION_RULE = "stage"


def _managers(project) -> Audience:
    return Audience(permissions=[MANAGE])


def stage_levels(threshold: dt.timedelta | None) -> list[EscalationLevel]:
    """The escalation levels of a stage whose active threshold is ``threshold`` (None: the stage does not escalate);
    the board builds them from thresholds read once."""
    if threshold is None:
        return []
    return [EscalationLevel(threshold, notify=_managers, label=_("laser managers"))]


def _stage_levels(project) -> list[EscalationLevel]:
    return stage_levels(StageThreshold.for_stage(project.stage))


def _t(name, label, sources, target, style="primary") -> Transition:
    # No hook clears the stage's escalation: the workflow clears every escalation of a record that moves on. The
    # hooks withdraw the unsent follow-ups of the stage left and re-check the material blocks (services/). Moving
    # into Cutting while the material is short warns, and goes ahead only on the manager's confirmation.
    into_cutting = target == Stage.CUTTING
    return Transition(name, label, sources=sources, target=target, permission=MANAGE, style=style,
                      before="laser.services.material.forget_confirmation",
                      after="laser.services.projects.after_stage_change",
                      warn="laser.services.material.shortage_warning" if into_cutting else None,
                      on_confirmed="laser.services.material.record_confirmation" if into_cutting else None)


class StageThreshold(models.Model):
    """How long a project may sit in a stage before the managers are told and a client follow-up is drafted."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, unique=True)
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0.01"))],
                               help_text=_("Fractions allowed: 0.5 is twelve hours."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["stage"]
        verbose_name = _("stage escalation threshold")
        verbose_name_plural = _("stage escalation thresholds")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.days} d"

    @property
    def after(self) -> dt.timedelta:
        return dt.timedelta(seconds=round(self.days * 86400))

    @classmethod
    def for_stage(cls, stage: str) -> dt.timedelta | None:
        row = cls.objects.filter(stage=stage, active=True).first()
        return row.after if row else None


class Project(WorkflowMixin, models.Model):
    code = models.CharField(_("project code"), max_length=30, unique=True)
    client = models.ForeignKey("laser.Client", models.PROTECT, related_name="projects", verbose_name=_("client"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    material_type = material_field()
    thickness_mm = thickness_field()
    sheet_size = sheet_size_field()
    sheets_required = models.PositiveIntegerField(_("sheets required"), default=0)
    target_date = models.DateField(_("target completion date"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.QUOTES, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A manager moved the project into Cutting although its material was short (this stay only): runs may start.
    material_confirmed_at = models.DateTimeField(_("short material accepted at"), null=True, blank=True,
                                                 editable=False)
    material_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                              related_name="+", editable=False,
                                              verbose_name=_("short material accepted by"))

    workflow = Workflow(
        state_field="stage",
        transitions=[
            _t("approve", _("Approved: order material"), (Stage.QUOTES,), Stage.MATERIAL),
            _t("approve_in_stock", _("Approved: material in stock"), (Stage.QUOTES,), Stage.CUTTING, "success"),
            _t("material_arrived", _("Material arrived"), (Stage.MATERIAL,), Stage.CUTTING, "success"),
            _t("material_short", _("Back to waiting on material"), (Stage.CUTTING,), Stage.MATERIAL, "warning"),
            _t("cut_complete", _("Cutting complete"), (Stage.CUTTING,), Stage.PICKUP, "success"),
            _t("deliver", _("Delivered"), (Stage.PICKUP,), Stage.DELIVERED, "success"),
        ],
        # Every stage: a stage escalates as soon as the admin gives it an active threshold.
        escalations=[EscalationRule(ESCALATION_RULE, states=tuple(Stage.values), levels=_stage_levels,
                                    on_escalate="laser.services.drafts.escalation_hook")],
    )

    class Meta:
        ordering = ["target_date", "code"]
        verbose_name = _("laser project")
        verbose_name_plural = _("laser projects")
        permissions = [
            ("log_runs", _("Log laser runs from the phone page")),
            ("manage_shop", _("Manage laser clients, projects, inventory, drafts and reports")),
            ("edit_presets", _("Edit laser machine-setting presets")),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("laser:project", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        # The sheet it was loaded with: an edit that changes it gives that sheet's reservation back
        # (services/projects.project_saved checks both sheets' blocks).
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        if all(f in loaded for f in ("material_type", "thickness_mm", "sheet_size")):
            instance._loaded_key = (loaded["material_type"], Decimal(loaded["thickness_mm"]), loaded["sheet_size"])
        return instance
