"""Filters of the scheduling grid (the shared PortalFilterSet gives the widgets and the safe search box)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from erp.models import OrderType, SalesOrderLine
from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Facility


def facility_choices() -> list[tuple[str, str]]:
    """ERP facility codes of the open lines, named as in the portal admin when a facility maps to them."""
    codes = SalesOrderLine.objects.open().order_by("facility").values_list("facility", flat=True).distinct()
    names = dict(Facility.objects.exclude(erp_code="").values_list("erp_code", "name"))
    return [(code, f"{code} – {names[code]}" if code in names else code) for code in codes]


def business_unit_choices() -> list[tuple[str, str]]:
    units = (SalesOrderLine.objects.open().exclude(business_unit__isnull=True).exclude(business_unit="")
             .order_by("business_unit").values_list("business_unit", flat=True).distinct())
    return [(unit, unit) for unit in units]


class GridFilter(PortalFilterSet):
    search_fields = ("sales_order__so_number", "sales_order__customer_po", "part__part_number", "part__description")
    facility = django_filters.ChoiceFilter(field_name="facility", choices=facility_choices, label=_("Facility"))
    business_unit = django_filters.ChoiceFilter(field_name="business_unit", choices=business_unit_choices,
                                                label=_("Business unit"))
    order_type = django_filters.ChoiceFilter(field_name="order_type", choices=OrderType.choices, label=_("SO type"))
    customer = django_filters.CharFilter(method="filter_customer", label=_("Customer"))
    due = DateRangeFilter(field_name="due_date", label=_("Due date"))

    class Meta:
        model = SalesOrderLine
        fields: list[str] = []

    def filter_customer(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(Q(customer__customer_code__iexact=value) | Q(customer__name__icontains=value))
