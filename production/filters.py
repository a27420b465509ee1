"""Filters of the balance report, the movement list and the API (one set, scoped to the user's work centers)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Department, Facility, ProductionLine, User
from portal.services.scoping import history_lines_for

from .models import Movement

# What one row of the balance report stands for (production.views.report.GROUPINGS has their columns).
GROUP_CHOICES = (("line_order", _("Work center and order (balances)")), ("line", _("Work center")),
                 ("order", _("Order")), ("department", _("Department")), ("user", _("User")))


class MovementFilter(PortalFilterSet):
    search_fields = ("order__number", "erp_job", "order__erp_job", "reason")

    # the plant's days: a movement at 23:30 in Chicago is on that Chicago date, whatever the server's zone
    date = DateRangeFilter(field_name="plant_date", label=_("Dates"))
    facility = django_filters.ModelChoiceFilter(field_name="line__facility", queryset=Facility.objects.active(),
                                                label=_("Facility"))
    line = django_filters.ModelChoiceFilter(queryset=None, label=_("Work center"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.filter(active=True),
                                                  label=_("Department"), method="filter_department")
    user = django_filters.ModelChoiceFilter(queryset=User.objects.filter(is_active=True).order_by("username"),
                                            label=_("Recorded by"))
    order = django_filters.CharFilter(field_name="order__number", lookup_expr="iexact", label=_("Order number"))
    direction = django_filters.ChoiceFilter(choices=Movement.Direction.choices, label=_("Direction"))
    kind = django_filters.ChoiceFilter(choices=Movement.Kind.choices, label=_("Kind"))

    class Meta:
        model = Movement
        fields = ["date", "facility", "line", "department", "user", "order", "direction", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # the work centers whose movements the user may read, retired ones included (their history stays)
        lines = history_lines_for(request.user) if request is not None else ProductionLine.objects.all()
        self.filters["line"].queryset = lines
        self.form.fields["line"].queryset = lines

    def filter_department(self, queryset, name, value: Department):
        # a subquery, not a join: a work center in several departments must not count its movements twice
        return queryset.filter(line__in=value.lines.all()) if value else queryset


PERIOD_GROUPING = "line_order"  # rows per work center and order: opening and closing balances of the period


class BalanceFilter(MovementFilter):
    """The balance report's filters: the movements' filters, and what one row stands for.

    Rows per work center and order are balances over the period (``production.services.balances``): the dates
    pick the period, not the movements, so the opening balance counts what moved before it."""

    date = DateRangeFilter(field_name="plant_date", label=_("Dates"), method="filter_period")
    group = django_filters.ChoiceFilter(choices=GROUP_CHOICES, empty_label=None, label=_("Rows by"), method="keep")

    class Meta(MovementFilter.Meta):
        fields = [*MovementFilter.Meta.fields, "group"]

    def keep(self, queryset, name, value):
        return queryset  # read by the view and the API to group the rows; it filters nothing

    def is_period(self) -> bool:
        return (self.data.get("group") or PERIOD_GROUPING) == PERIOD_GROUPING

    def filter_period(self, queryset, name, value):
        if self.is_period():
            return queryset  # the period's rows are built from every movement up to its end
        bounds = {}
        if value and value.start:
            bounds["plant_date__gte"] = value.start
        if value and value.stop:
            bounds["plant_date__lte"] = value.stop
        return queryset.filter(**bounds)

    def period(self) -> tuple:
        """(first, last) plant dates of a valid filter (None for an open end)."""
        value = self.form.cleaned_data.get("date") if self.is_bound and self.form.is_valid() else None
        return (value.start, value.stop) if value else (None, None)
