"""Customers and vendors (views erp_customer, erp_vendor)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ErpModel


class Customer(ErpModel):
    customer_code = models.CharField(
        _("customer code"), max_length=20, primary_key=True, help_text=_("The customer's account code in the ERP.")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Customer name as printed on documents."))
    city = models.CharField(_("city"), max_length=60, null=True, blank=True, help_text=_("City of the main address."))
    region = models.CharField(
        _("region"), max_length=60, null=True, blank=True, help_text=_("State or province of the main address.")
    )
    country = models.CharField(
        _("country"), max_length=2, null=True, blank=True, help_text=_("ISO 3166 two-letter country code.")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("False once the account is closed or inactive in the ERP.")
    )

    class Meta(ErpModel.Meta):
        db_table = "erp_customer"
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.customer_code} – {self.name}"


class Vendor(ErpModel):
    vendor_code = models.CharField(
        _("vendor code"), max_length=20, primary_key=True, help_text=_("The supplier's account code in the ERP.")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Supplier name."))
    city = models.CharField(_("city"), max_length=60, null=True, blank=True, help_text=_("City of the main address."))
    region = models.CharField(
        _("region"), max_length=60, null=True, blank=True, help_text=_("State or province of the main address.")
    )
    country = models.CharField(
        _("country"), max_length=2, null=True, blank=True, help_text=_("ISO 3166 two-letter country code.")
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("False once the supplier is inactive."))

    class Meta(ErpModel.Meta):
        db_table = "erp_vendor"
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.vendor_code} – {self.name}"
