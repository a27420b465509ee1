"""Issued certificates of compliance (kept unchanged, PDF included) and the compliance statement per customer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ComplianceStatement(models.Model):
    """The statement printed on a customer's certificates; the one without a customer is the default."""

    customer_code = models.CharField(
        _("customer code"), max_length=20, blank=True, default="",
        help_text=_("ERP customer code; leave empty for the default statement used for every other customer."),
    )
    text_en = models.TextField(_("statement (English)"))
    text_es = models.TextField(_("statement (Spanish)"), blank=True,
                               help_text=_("Printed on Spanish certificates; the English text when empty."))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["customer_code"]
        verbose_name = _("compliance statement")
        verbose_name_plural = _("compliance statements")
        constraints = [
            models.UniqueConstraint(fields=["customer_code"], condition=models.Q(active=True),
                                    name="coc_one_active_statement_per_customer"),
        ]

    def __str__(self) -> str:
        return self.customer_code or str(_("Default statement"))

    def text(self, language: str) -> str:
        return (self.text_es if language == "es" else "") or self.text_en


class Certificate(models.Model):
    """One issued certificate: the exact PDF handed to the customer, who issued it and when."""

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    job_number = models.CharField(_("job"), max_length=20, db_index=True)
    part_number = models.CharField(_("part"), max_length=40)
    customer_code = models.CharField(_("customer code"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=100)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    lot_count = models.PositiveIntegerField(_("lots"), default=0)
    # A re-issue never changes an issued certificate: it is a new certificate, the job's next revision.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    interim = models.BooleanField(
        _("interim"), default=False,
        help_text=_("Issued while the job was still open: its figures may change until the job closes."),
    )
    # The lot figures as issued (quality/coc/engine/reconciliation.py LotFigures.as_dict per lot); empty for
    # certificates issued before they were kept, whose figures are in their PDF.
    figures = models.JSONField(_("figures as issued"), default=list, blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate of compliance")
        verbose_name_plural = _("certificates of compliance")
        # Signing a certificate to a customer is its own capability (portal/roles.py ISSUE_CERTIFICATE): reading
        # the job's report and downloading issued certificates stays with view_reports.
        permissions = [("issue_certificate", _("Can issue a certificate of compliance"))]
        constraints = [models.UniqueConstraint(fields=["job_number", "revision"], name="coc_one_revision_per_job")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("coc:certificate", args=[self.number])

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"
