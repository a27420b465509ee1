"""Compliance statements per customer (configuration) and a read-only view of issued certificates."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import DeactivateNotDeleteAdmin
from portal.admin_mixins import ReadOnlyAdminMixin

from .models import Certificate, ComplianceStatement


@admin.register(ComplianceStatement)
class ComplianceStatementAdmin(DeactivateNotDeleteAdmin):
    list_display = ("__str__", "customer_code", "short_text", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("customer_code", "text_en", "text_es")
    fields = ("customer_code", "text_en", "text_es", "active")

    @admin.display(description=_("statement (English)"))
    def short_text(self, obj) -> str:
        return obj.text_en[:80] + ("…" if len(obj.text_en) > 80 else "")


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "job_number", "part_number", "customer_code", "signer_name", "language", "issued_at")
    list_filter = ("language",)
    search_fields = ("number", "job_number", "part_number", "customer_code", "signer_name")
    exclude = ("pdf",)
    readonly_fields = ("sha256",)
