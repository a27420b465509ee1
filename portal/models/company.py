"""The company printed on every document's letterhead (portal/pdf.py), kept in the admin."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyProfile(models.Model):
    """One row (pk 1). An empty field falls back to the PORTAL_COMPANY_* setting, so a fresh install prints the
    settings' company until someone fills this in."""

    name = models.CharField(_("company name"), max_length=150, blank=True)
    address = models.TextField(_("address"), blank=True, help_text=_("One line per address line."))
    contact = models.CharField(_("contact"), max_length=200, blank=True,
                               help_text=_("Telephone, e-mail or web address printed under the address."))
    logo = models.FileField(
        _("logo"), upload_to="company/", blank=True,
        validators=[FileExtensionValidator(["svg", "png", "jpg", "jpeg"])],
        help_text=_("SVG, PNG or JPEG, printed about 12 mm high."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profile")

    def __str__(self) -> str:
        return self.name or str(_("Company profile"))

    def save(self, *args, **kwargs):
        self.pk = 1  # a singleton: every save edits the one row
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "CompanyProfile | None":
        return cls.objects.filter(pk=1).first()
