"""Filters of the downtime summary and the events API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Facility, ProductionLine, Shift
from portal.services.scoping import history_lines_for

from .models import Category, DowntimeEvent
from .services.summary import deepest_level


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
        # a category includes every category under it, at any depth
        return queryset.filter(category__path__startswith=value.path)


class DowntimeSummaryFilter(DowntimeEventFilter):
    """The summary's filters (page and API): the events' own, and the level its Pareto rolls categories up to."""

    # Not a filter: the level the Pareto rolls categories up to (1 = top level); a choice per level of the tree.
    level = django_filters.TypedChoiceFilter(
        label=_("Pareto level"), method="keep_all", coerce=int, empty_value=1,
        help_text=_("1 = top-level categories; each higher level splits them one level further."),
    )

    class Meta(DowntimeEventFilter.Meta):
        fields = [*DowntimeEventFilter.Meta.fields, "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["level"].choices = [
            (level, _("Level %(level)s (top)") % {"level": level} if level == 1 else
             _("Level %(level)s") % {"level": level}) for level in range(1, deepest_level() + 1)]

    def keep_all(self, queryset, name, value):
        return queryset

    @property
    def pareto_level(self) -> int:
        """The chosen Pareto level (1 when none or not valid)."""
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("level") or 1
        return 1
