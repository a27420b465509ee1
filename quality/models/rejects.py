"""Internal rejects recorded at the line: submitted -> approved / rejected -> closed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Machine, ProductionLine
from portal.photos import ALLOWED_EXTENSIONS, upload_to, validate_photo
from portal.roles import REVIEW_REJECT
from portal.workflow import Transition, Workflow, WorkflowMixin

from .config import DefectCode

REVIEW = REVIEW_REJECT


def _mark_approved(reject, user, fields) -> None:
    reject.approved_by = user
    reject.approved_at = timezone.now()


class InternalReject(WorkflowMixin, models.Model):
    """Parts rejected at a line. Submitted and approved rejects count as rejected units (OEE quality)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="+", verbose_name=_("line"))
    machine = models.ForeignKey(Machine, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("machine"))
    production_order = models.ForeignKey("production.ProductionOrder", models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("production order"))
    erp_job = models.CharField(_("ERP job"), max_length=40, blank=True, db_index=True)
    part = models.CharField(_("part"), max_length=60)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    defect = models.ForeignKey(DefectCode, models.PROTECT, related_name="+", verbose_name=_("defect code"))
    cause = models.TextField(_("cause"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=upload_to("quality/rejects"), blank=True,
                              validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), validate_photo])
    review_note = models.TextField(_("review note"), blank=True)
    planning_action = models.TextField(
        _("planning action for the root cause"), blank=True,
        help_text=_("What planning should change so this does not happen again (e.g. re-sequence, new setup)."))
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # The writer's key for this reject (the offline queue's, the API caller's): unique per writer, because another
    # user may send the same key (docs/floor-writes.md); replays are answered by portal.commands.receive.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False, default=None)

    workflow = Workflow(transitions=[
        Transition("approve", _("Approve"), sources=("submitted",), target="approved", permission=REVIEW,
                   optional_fields=("review_note", "planning_action"), before=_mark_approved, style="success"),
        Transition("reject", _("Reject"), sources=("submitted",), target="rejected", permission=REVIEW,
                   fields=("review_note",), style="danger"),
        Transition("close", _("Close"), sources=("approved", "rejected"), target="closed", permission=REVIEW,
                   optional_fields=("planning_action",)),
    ])

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("internal reject")
        verbose_name_plural = _("internal rejects")
        indexes = [models.Index(fields=["line", "occurred_at"], name="quality_reject_line_at")]
        constraints = [models.UniqueConstraint(fields=["created_by", "idempotency_key"],
                                               name="quality_reject_key_per_writer")]

    def __str__(self) -> str:
        return f"REJ-{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("quality:reject-detail", args=[self.pk])

    @property
    def facility(self):
        return self.line.facility

    @staticmethod
    def new_key() -> uuid.UUID:
        return uuid.uuid4()
