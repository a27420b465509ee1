"""Filters of the Finance pages."""

from __future__ import annotations

import django_filters
from django.db.models import F
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


class ScenarioFilter(PortalFilterSet):
    search_fields = ("name", "description")
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Scenario
        fields: list[str] = []


class ScenarioCompareFilter(PortalFilterSet):
    """The products of one scenario's roll-up; "changed only" hides those the scenario does not touch."""

    search_fields = ("part_number", "description")
    business_unit = django_filters.CharFilter(lookup_expr="iexact", label=_("Business unit"))
    changed = django_filters.BooleanFilter(label=_("Cost changed"), method="by_change")

    class Meta:
        model = ProductCost
        fields: list[str] = []

    def by_change(self, queryset, name, value):
        same = queryset.filter(cost=F("standard_cost"))
        return queryset.exclude(pk__in=same.values("pk")) if value else same
