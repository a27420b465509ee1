"""REST endpoints of the Certificates of Compliance (mounted under /api/coc/): the issued certificates, read only.
Issuing stays on the report page, which shows the figures the issuer signs."""

from __future__ import annotations

import django_filters
from rest_framework import mixins, viewsets

from portal.roles import VIEW_REPORTS

from ..models import Certificate
from . import serializers


class CertificateFilter(django_filters.FilterSet):
    job = django_filters.CharFilter(field_name="job_number", lookup_expr="iexact")
    part = django_filters.CharFilter(field_name="part_number", lookup_expr="iexact")
    customer = django_filters.CharFilter(field_name="customer_code", lookup_expr="iexact")
    # Days in the portal's zone (a certificate belongs to no facility); a day, not an instant, as on the page.
    issued_from = django_filters.DateFilter(field_name="issued_at", lookup_expr="date__gte")
    issued_to = django_filters.DateFilter(field_name="issued_at", lookup_expr="date__lte")

    class Meta:
        model = Certificate
        fields: list[str] = []


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued certificates, newest first (filters ``job``, ``part``, ``customer``, ``issued_from/to``); one
    by its number. The PDF itself is served by ``pdf_url``, as on the page."""

    required_permission = VIEW_REPORTS
    serializer_class = serializers.CertificateSerializer
    filterset_class = CertificateFilter
    lookup_field = "number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return Certificate.objects.select_related("issued_by").defer("pdf").order_by("-issued_at", "-pk")
