"""Serializers of the Certificate of Compliance REST endpoints."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from portal.api.fields import FacilityDateTimeField

from ..models import Certificate


class CertificateSerializer(serializers.ModelSerializer):
    """An issued certificate: what was certified, by whom, and where its stored PDF (and its SHA-256) is."""

    issued_by = serializers.CharField(source="issued_by.username", read_only=True)
    issued_at = FacilityDateTimeField(help_text="When it was issued, in the portal's zone (a certificate belongs "
                                                "to no facility).")
    pdf_url = serializers.SerializerMethodField(help_text="The stored PDF, exactly as issued.")

    class Meta:
        model = Certificate
        fields = ["number", "job_number", "part_number", "customer_code", "language", "issued_by", "signer_name",
                  "signer_title", "issued_at", "lot_count", "revision", "interim", "sha256", "pdf_url"]
        read_only_fields = fields

    def get_pdf_url(self, certificate: Certificate) -> str:
        return reverse("coc:certificate-pdf", args=[certificate.number])
