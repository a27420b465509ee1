"""Filters of the Finance pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from finance.models import ProductCost, Scenario
from portal.lists.filters import PortalFilterSet


class ProductCostFilter(PortalFilterSet):
    """The scenario picks which stored roll-up is listed; the list view shows the standard one without it."""

    search_fields = ("part_number", "description")
    scenario = django_filters.ModelChoiceFilter(queryset=Scenario.objects.filter(active=True), label=_("Scenario"),
                                                method="by_scenario")
    business_unit = django_filters.CharFilter(lookup_expr="iexact", label=_("Business unit"))
    margin_under = django_filters.NumberFilter(field_name="margin_percent", lookup_expr="lt",
                                               label=_("Margin under %"))
    local = django_filters.BooleanFilter(label=_("Local BOM"))

    class Meta:
        model = ProductCost
        fields: list[str] = []

    def by_scenario(self, queryset, name, value):
        return queryset.filter(scenario=value)
