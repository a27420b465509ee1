"""Filtersets of the ERP viewers (the shared PortalFilterSet gives Bootstrap widgets and the safe search box)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from erp.models import OPEN_JOB_STATUSES, BomLine, Job, Part, PurchaseOrderLine
from portal.lists.filters import DateRangeFilter, PortalFilterSet, YesNoFilter


class BomLineFilter(PortalFilterSet):
    """Rows are BOM lines of active BOMs: a search matches the parent or the component, by number or text."""

    search_fields = ("bom__parent__part_number", "bom__parent__description", "component__part_number",
                     "component__description")

    def search(self, queryset, name, value):
        # Match the (small) part master first, then take lines by the indexed part keys: much cheaper than
        # LIKE over every joined BOM line.
        for word in value.split()[:8]:
            parts = Part.objects.filter(Q(part_number__icontains=word) | Q(description__icontains=word))
            keys = parts.values("part_number")
            queryset = queryset.filter(Q(bom__parent_id__in=keys) | Q(component_id__in=keys))
        return queryset
    parent = django_filters.CharFilter(field_name="bom__parent__part_number", lookup_expr="icontains",
                                       label=_("Parent part"))
    component = django_filters.CharFilter(field_name="component__part_number", lookup_expr="icontains",
                                          label=_("Component part"))
    business_unit = django_filters.CharFilter(field_name="bom__parent__business_unit", lookup_expr="iexact",
                                              label=_("Business unit"))

    class Meta:
        model = BomLine
        fields: list[str] = []


class OpenPoFilter(PortalFilterSet):
    search_fields = ("purchase_order__po_number", "part__part_number", "part__description", "vendor__name",
                     "vendor__vendor_code")
    vendor = django_filters.CharFilter(method="filter_vendor", label=_("Vendor"))
    facility = django_filters.CharFilter(field_name="purchase_order__facility", lookup_expr="iexact",
                                         label=_("Facility"))
    due = DateRangeFilter(field_name="due_date", label=_("Due date"))
    late = YesNoFilter(method="filter_late", label=_("Late only"))

    class Meta:
        model = PurchaseOrderLine
        fields: list[str] = []

    def filter_vendor(self, queryset, name, value):
        return queryset.filter(Q(vendor__vendor_code__iexact=value) | Q(vendor__name__icontains=value))

    def filter_late(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(due_date__lt=today) if value else queryset.filter(due_date__gte=today)


class OpenJobFilter(PortalFilterSet):
    search_fields = ("job_number", "part__part_number", "part__description", "sales_order__so_number",
                     "sales_order__customer__name", "sales_order__customer__customer_code")
    customer = django_filters.CharFilter(method="filter_customer", label=_("Customer"))
    job = django_filters.CharFilter(field_name="job_number", lookup_expr="icontains", label=_("Job"))
    part = django_filters.CharFilter(field_name="part__part_number", lookup_expr="icontains", label=_("Part"))
    so = django_filters.CharFilter(field_name="sales_order__so_number", lookup_expr="icontains",
                                   label=_("Sales order"))
    facility = django_filters.CharFilter(field_name="facility", lookup_expr="iexact", label=_("Facility"))
    line = django_filters.CharFilter(field_name="line_code", lookup_expr="iexact", label=_("Line"))
    status = django_filters.ChoiceFilter(choices=[(s.value, s.label) for s in OPEN_JOB_STATUSES], label=_("Status"))

    class Meta:
        model = Job
        fields: list[str] = []

    def filter_customer(self, queryset, name, value):
        return queryset.filter(
            Q(sales_order__customer__customer_code__iexact=value) | Q(sales_order__customer__name__icontains=value)
        )


class WhereUsedFilter(PortalFilterSet):
    component = django_filters.CharFilter(field_name="component__part_number", lookup_expr="iexact",
                                          label=_("Component part"), required=True)

    class Meta:
        model = BomLine
        fields: list[str] = []

