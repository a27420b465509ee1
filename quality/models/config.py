"""Quality configuration kept in the admin: defect codes (main -> sub) and escalation steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import DeactivatableModel
from portal.models.translated import TranslatedMixin, spanish_of


class DefectCode(TranslatedMixin, DeactivatableModel):
    """A defect code. Two levels: a main group (no parent) and its codes; a reject is recorded against a leaf."""

    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("main group"), help_text=_("Empty for a main group."))
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_es = spanish_of(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("defect code")
        verbose_name_plural = _("defect codes")

    def __str__(self) -> str:
        return f"{self.code} {self.localized()}"


class EscalationStep(DeactivatableModel):
    """One configured escalation level of SOP tickets (unanswered) or NCRs (overdue), in increasing hours."""

    class AppliesTo(models.TextChoices):
        SOP_TICKET = "sop", _("SOP ticket awaiting the charged department's response")
        SOP_DISPUTE = "sop_dispute", _("Disputed SOP ticket awaiting the heads' decision")
        SOP_ACTION = "sop_action", _("Accepted SOP ticket awaiting its action and closing")
        NCR = "ncr", _("NCR past its due date")

    class Notify(models.TextChoices):
        CHARGED_HEADS = "charged_heads", _("Heads of the charged / owning department")
        ALL_HEADS = "all_heads", _("Heads of both departments")
        QUALITY_ADMINS = "quality_admins", _("Quality administrators")
        GROUP = "group", _("A group")

    applies_to = models.CharField(_("applies to"), max_length=12, choices=AppliesTo.choices)
    after_hours = models.DecimalField(
        _("after (hours)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))],
        help_text=_("SOP tickets: hours in the state (without a response, a decision or the action; the first "
                    "step is the time allowed). NCRs: hours past the due date."))
    notify = models.CharField(_("notify"), max_length=20, choices=Notify.choices, default=Notify.CHARGED_HEADS)
    group = models.ForeignKey(Group, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("group"), help_text=_("Only when notifying a group."))
    label = models.CharField(_("label"), max_length=80, blank=True)

    class Meta:
        ordering = ["applies_to", "after_hours"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self) -> str:
        return f"{self.get_applies_to_display()}: {self.after_hours} h"

    def clean(self) -> None:
        if self.notify == self.Notify.GROUP and self.group_id is None:
            raise ValidationError({"group": _("Choose the group to notify.")})

    @property
    def after(self) -> dt.timedelta:
        return dt.timedelta(hours=float(self.after_hours))
