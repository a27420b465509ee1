"""Customer returns: received -> under investigation -> disposition -> closed, with photos."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Facility
from portal.photos import ALLOWED_EXTENSIONS, upload_to, validate_photo
from portal.roles import MANAGE_RETURNS
from portal.workflow import Transition, Workflow, WorkflowMixin

from .config import DefectCode

MANAGE = MANAGE_RETURNS


class CustomerReturn(WorkflowMixin, models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        INVESTIGATING = "investigating", _("Under investigation")
        DISPOSITIONED = "dispositioned", _("Disposition decided")
        CLOSED = "closed", _("Closed")

    class Disposition(models.TextChoices):
        REWORK = "rework", _("Rework")
        SCRAP = "scrap", _("Scrap")
        RETURN = "return", _("Return to customer")
        ACCEPT = "accept", _("Accept as is")

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="+", verbose_name=_("facility"))
    customer = models.CharField(_("customer"), max_length=100)
    sales_order = models.CharField(_("sales order"), max_length=40, blank=True)
    part = models.CharField(_("part"), max_length=60)
    lot = models.CharField(_("lot"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    reason = models.TextField(_("reason given by the customer"))
    defect = models.ForeignKey(DefectCode, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("defect code"))
    findings = models.TextField(_("investigation findings"), blank=True)
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices, blank=True)
    disposition_note = models.TextField(_("disposition note"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    workflow = Workflow(transitions=[
        Transition("investigate", _("Start investigation"), sources=("received",), target="investigating",
                   permission=MANAGE),
        Transition("dispose", _("Decide disposition"), sources=("investigating",), target="dispositioned",
                   permission=MANAGE, fields=("findings", "disposition"), optional_fields=("disposition_note",),
                   style="warning"),
        Transition("close", _("Close"), sources=("dispositioned",), target="closed", permission=MANAGE),
    ])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("customer return")
        verbose_name_plural = _("customer returns")

    def __str__(self) -> str:
        return f"RET-{self.pk} {self.customer}"

    def get_absolute_url(self) -> str:
        return reverse("quality:return-detail", args=[self.pk])


class ReturnPhoto(models.Model):
    customer_return = models.ForeignKey(CustomerReturn, models.CASCADE, related_name="photos",
                                        verbose_name=_("customer return"))
    image = models.ImageField(_("photo"), upload_to=upload_to("quality/returns"),
                              validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), validate_photo])
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")

    def __str__(self) -> str:
        return f"{self.customer_return} · {self.image.name.rsplit('/', 1)[-1]}"
