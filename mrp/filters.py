"""Filtersets over a stored run's lines (dashboard, customer summary, API) and its shortages (shortage report)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mrp import reports
from mrp.models import AT_RISK_STATUSES, CRITICAL_STATUSES, ON_TRACK_STATUSES, LineStatus, MrpLine, MrpShortage
from portal.lists.filters import DateRangeFilter, PortalFilterSet, SearchableListInput

GROUPS = {"on_track": ON_TRACK_STATUSES, "at_risk": AT_RISK_STATUSES, "critical": CRITICAL_STATUSES}


class MrpLineFilter(PortalFilterSet):
    search_fields = ("so_number", "part_number", "description", "customer_code", "customer_name", "bottleneck")
    business_unit = django_filters.ChoiceFilter(label=_("Business unit"), choices=[], method="filter_bu")
    customer = django_filters.CharFilter(method="filter_customer", label=_("Customer"),
                                         widget=SearchableListInput(attrs={"placeholder": _("Code or name")}))
    part = django_filters.CharFilter(field_name="part_number", lookup_expr="icontains", label=_("Finished good"))
    due = DateRangeFilter(field_name="due_date", label=_("Due date"))
    status = django_filters.ChoiceFilter(choices=LineStatus.choices, label=_("Status"))
    group = django_filters.ChoiceFilter(
        label=_("Outlook"), method="filter_group",
        choices=[("on_track", _("On track")), ("at_risk", _("At risk")), ("critical", _("Critical"))],
    )

    class Meta:
        model = MrpLine
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The business units of the run being viewed (one query; the form is built by the base class already).
        units = (self.queryset.exclude(business_unit="").order_by("business_unit")
                 .values_list("business_unit", flat=True).distinct())
        choices = [(bu, bu) for bu in units]
        self.filters["business_unit"].extra["choices"] = choices
        self.form.fields["business_unit"].choices = [("", _("Any")), *choices]
        # The run's customers to pick from (searchable by code or name; one query).
        customers = (self.queryset.order_by("customer_name", "customer_code")
                     .values_list("customer_code", "customer_name").distinct())
        self.form.fields["customer"].widget.options = customers  # lazy: read only when the form is shown

    def filter_bu(self, queryset, name, value):
        return queryset.filter(business_unit=value)

    def filter_customer(self, queryset, name, value):
        return queryset.filter(Q(customer_code__iexact=value) | Q(customer_name__icontains=value))

    def filter_group(self, queryset, name, value):
        return queryset.filter(status__in=GROUPS[value])


_days_label = lazy(lambda days: ngettext("%(days)s day", "%(days)s days", days) % {"days": days}, str)


class ShortageFilter(PortalFilterSet):
    """Filters of the purchasing shortage report: due within N days and customer narrow the run's shortage lines;
    the search words are matched per component, against its summary (``reports.summarize_shortages``)."""

    search_fields = ("component", "so_number", "customer_code", "customer_name")
    urgency = django_filters.ChoiceFilter(
        label=_("Due within"), method="filter_urgency", empty_label=_("Any time"),
        # Lazy, so the choice labels follow each request's language (the class is built once, at import).
        choices=[(days, _days_label(days)) for days in reports.URGENCY_DAYS],
    )
    customer = django_filters.CharFilter(label=_("Customer"), method="filter_customer", max_length=100)

    class Meta:
        model = MrpShortage
        fields: list[str] = []

    def filter_urgency(self, queryset, name, value):
        return reports.due_within(queryset, timezone.localdate(), int(value))

    def filter_customer(self, queryset, name, value):
        return reports.of_customer(queryset, value)

    def search(self, queryset, name, value):
        return queryset  # a word may match a component's description or another of its lines: see the view

    def search_text(self) -> str:
        """The search words, once the filters are valid."""
        return (self.form.cleaned_data.get("q") or "") if self.is_bound and self.is_valid() else ""
