"""Filters of the balance report, the movement list and the API (one set, scoped to the user's work centers)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Department, Facility, ProductionLine, User

from .models import Movement
from .services import lines_for_user


class MovementFilter(PortalFilterSet):
    search_fields = ("order__number", "erp_job", "order__erp_job", "reason")

    at = DateRangeFilter(label=_("Dates"))
    facility = django_filters.ModelChoiceFilter(field_name="line__facility", queryset=Facility.objects.active(),
                                                label=_("Facility"))
    line = django_filters.ModelChoiceFilter(queryset=None, label=_("Work center"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.filter(active=True),
                                                  label=_("Department"), method="filter_department")
    user = django_filters.ModelChoiceFilter(queryset=User.objects.filter(is_active=True).order_by("username"),
                                            label=_("Recorded by"))
    order = django_filters.CharFilter(field_name="order__number", lookup_expr="iexact", label=_("Order number"))
    direction = django_filters.ChoiceFilter(choices=Movement.Direction.choices, label=_("Direction"))

    class Meta:
        model = Movement
        fields = ["at", "facility", "line", "department", "user", "order", "direction"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        lines = lines_for_user(request.user) if request is not None else ProductionLine.objects.all()
        self.filters["line"].queryset = lines
        self.form.fields["line"].queryset = lines

    def filter_department(self, queryset, name, value: Department):
        # a subquery, not a join: a work center in several departments must not count its movements twice
        return queryset.filter(line__in=value.lines.all()) if value else queryset
