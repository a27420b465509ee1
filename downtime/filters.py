"""Filters of the downtime summary and the events API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Facility, ProductionLine, Shift
from portal.services.scoping import history_lines_for

from .models import Category, DowntimeEvent


class DowntimeEventFilter(PortalFilterSet):
    search_fields = ("comments", "job_number", "part_number", "category__name", "category__name_es", "line__code")

    production_date = DateRangeFilter(label=_("Production date"))
    facility = django_filters.ModelChoiceFilter(queryset=Facility.objects.active(), label=_("Facility"))
    line = django_filters.ModelChoiceFilter(queryset=None, label=_("Line"))
    shift = django_filters.ModelChoiceFilter(queryset=Shift.objects.select_related("facility"), label=_("Shift"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.in_configured_order(), label=_("Category"), method="filter_category",
    )

    class Meta:
        model = DowntimeEvent
        fields = ["production_date", "facility", "line", "shift", "category"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # the lines whose history the reader sees (retired ones too): the same scope as the events listed
        lines = (history_lines_for(request.user) if request is not None
                 else ProductionLine.objects.select_related("facility"))
        self.filters["line"].queryset = lines
        self.form.fields["line"].queryset = lines
        # Shifts of several facilities share names ("Day"): each is listed once, with its facility.
        self.form.fields["shift"].label_from_instance = lambda shift: f"{shift.facility.code} · {shift}"

    def filter_category(self, queryset, name, value):
        # a main category includes its sub-categories
        return queryset.filter(Q(category=value) | Q(category__parent=value))
