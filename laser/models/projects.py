"""Laser projects moving through the shop's stages (the shared workflow), with timed escalations per stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


def _stage_levels(project) -> list[EscalationLevel]:
    threshold = StageThreshold.for_stage(project.stage)
    if threshold is None:
        return []
    return [EscalationLevel(threshold, notify=_managers, label=_("laser managers"))]


def _t(name, label, sources, target, style="primary") -> Transition:
    # No hook clears the stage's escalation: the workflow clears every escalation of a record that moves on.
    return Transition(name, label, sources=sources, target=target, permission=MANAGE, style=style)


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
        escalations=[EscalationRule(ESCALATION_RULE, states=(Stage.QUOTES, Stage.MATERIAL), levels=_stage_levels,
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
