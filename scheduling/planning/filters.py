"""Filters of the planning lists."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Facility

from .models import CapacityTarget, PlanException, PlanningOrder, Routing


class OrderFilter(PortalFilterSet):
    search_fields = ("number", "customer", "erp_reference")
    state = django_filters.ChoiceFilter(choices=PlanningOrder.State.choices, label=_("State"))
    facility = django_filters.ModelChoiceFilter(queryset=Facility.objects.filter(active=True), label=_("Facility"))
    routing = django_filters.ModelChoiceFilter(queryset=Routing.objects.filter(active=True),
                                               label=_("Product family"))
    due = DateRangeFilter(field_name="due_date", label=_("Due date"))

    class Meta:
        model = PlanningOrder
        fields: list[str] = []


class ExceptionFilter(PortalFilterSet):
    search_fields = ("detail", "order__number", "resolution_reason")
    kind = django_filters.ChoiceFilter(choices=PlanException.Kind.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=PlanException.State.choices, label=_("State"))

    class Meta:
        model = PlanException
        fields: list[str] = []


class CapacityTargetFilter(PortalFilterSet):
    search_fields = ("machine_type", "line__code", "note")
    facility = django_filters.ModelChoiceFilter(queryset=Facility.objects.filter(active=True), label=_("Facility"))
    period = django_filters.ChoiceFilter(choices=CapacityTarget.Period.choices, label=_("Period"))

    class Meta:
        model = CapacityTarget
        fields: list[str] = []
