"""Filters of the quality lists (one set per record type, shared by the pages and their Excel export)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import DateRangeFilter, PortalFilterSet
from portal.models import Department, Facility
from portal.services.scoping import history_lines_for

from .models import CustomerReturn, DefectCode, InternalReject, Ncr, SopTicket


def _user_lines(request):
    return history_lines_for(getattr(request, "user", None)).order_by("facility__code", "code")


def _user_facilities(request):
    return Facility.objects.filter(pk__in=history_lines_for(getattr(request, "user", None)).values("facility"))


class RejectFilter(PortalFilterSet):
    search_fields = ("part", "erp_job", "production_order__number", "cause")
    date = DateRangeFilter(field_name="occurred_at__date", label=_("Dates"))
    # the lines whose rejects the user may read (none without a department: fail closed)
    line = django_filters.ModelChoiceFilter(queryset=_user_lines, label=_("Line"))
    defect = django_filters.ModelChoiceFilter(queryset=DefectCode.objects.active(), label=_("Defect code"),
                                              method="filter_defect")
    state = django_filters.ChoiceFilter(choices=InternalReject.State.choices, label=_("State"))

    class Meta:
        model = InternalReject
        fields = ["date", "line", "defect", "state"]

    def filter_defect(self, queryset, name, value):
        # a main group finds the rejects of all its codes
        return queryset.filter(defect__in=[value, *value.children.all()]) if value else queryset


class TicketFilter(PortalFilterSet):
    search_fields = ("sop_reference", "description")
    charged_department = django_filters.ModelChoiceFilter(queryset=Department.objects.active(),
                                                          label=_("Charged department"))
    charging_department = django_filters.ModelChoiceFilter(queryset=Department.objects.active(),
                                                           label=_("Charging department"))
    state = django_filters.ChoiceFilter(choices=SopTicket.State.choices, label=_("State"))

    class Meta:
        model = SopTicket
        fields = ["charged_department", "charging_department", "state"]


class ReturnFilter(PortalFilterSet):
    search_fields = ("customer", "sales_order", "part", "lot")
    facility = django_filters.ModelChoiceFilter(queryset=_user_facilities, label=_("Facility"))
    state = django_filters.ChoiceFilter(choices=CustomerReturn.State.choices, label=_("State"))
    disposition = django_filters.ChoiceFilter(choices=CustomerReturn.Disposition.choices, label=_("Disposition"))

    class Meta:
        model = CustomerReturn
        fields = ["facility", "state", "disposition"]


class NcrFilter(PortalFilterSet):
    search_fields = ("title", "description")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.active(), label=_("Department"))
    state = django_filters.ChoiceFilter(choices=Ncr.State.choices, label=_("State"))

    class Meta:
        model = Ncr
        fields = ["department", "state"]
