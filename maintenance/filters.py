"""Filters of the Maintenance list pages."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maintenance.models import OPEN_STATES, Priority, Ticket
from maintenance.services.dashboard import AGE_BUCKETS, age_q
from portal.lists.filters import PortalFilterSet
from portal.models import Facility, Machine, ProductionLine


class TicketFilter(PortalFilterSet):
    search_fields = ("problem", "description", "machine__code", "machine__name", "line__code")

    status = django_filters.ChoiceFilter(
        label=_("Status"), method="by_status", empty_label=_("Any"),
        choices=[("open", _("Open (not finished)")), ("closed", _("Finished or cancelled")), ("past_sla",
                 _("Past SLA"))])
    state = django_filters.ChoiceFilter(choices=Ticket.State.choices, label=_("State"))
    kind = django_filters.ChoiceFilter(choices=Ticket.Kind.choices, label=_("Type"))
    priority = django_filters.ModelChoiceFilter(queryset=Priority.objects.all(), label=_("Priority"))
    facility = django_filters.ModelChoiceFilter(queryset=Facility.objects.active(), field_name="line__facility",
                                                label=_("Facility"))
    line = django_filters.ModelChoiceFilter(queryset=ProductionLine.objects.select_related("facility"),
                                            label=_("Line"))
    machine = django_filters.ModelChoiceFilter(queryset=Machine.objects.select_related("line"), label=_("Machine"))
    assigned_to = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(groups__permissions__codename="work_tickets").distinct(),
        label=_("Technician"))
    age = django_filters.ChoiceFilter(label=_("Age"), method="by_age", empty_label=_("Any"),
                                      choices=[(key, label) for key, _low, _high, label in AGE_BUCKETS])
    opened = django_filters.DateFromToRangeFilter(field_name="opened_at__date",
                                                  label=pgettext_lazy("maintenance ticket", "Opened"))

    class Meta:
        model = Ticket
        fields = ["status", "state", "kind", "priority", "facility", "line", "machine", "assigned_to", "age"]

    def by_age(self, queryset, name, value):
        # the dashboard's age buckets (its chart's bars link here), measured now
        return queryset.filter(age_q(value, timezone.now())) if value else queryset

    def by_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=OPEN_STATES)
        if value == "closed":
            return queryset.exclude(state__in=OPEN_STATES)
        if value == "past_sla":
            return past_sla(queryset)
        return queryset


def past_sla(queryset):
    """Tickets past their resolution target (as ``Ticket.past_sla``): missed, or finished/still open after it."""
    return queryset.exclude(state="cancelled").filter(
        Q(sla_breached_at__isnull=False) | Q(resolution_due__lt=Coalesce("finished_at", Now())))


class TicketApiFilter(TicketFilter):
    """The list page's filters plus ``past_sla=true|false`` for the REST API."""

    past_sla = django_filters.BooleanFilter(method="by_past_sla", label=_("Past SLA"))

    class Meta(TicketFilter.Meta):
        fields = [*TicketFilter.Meta.fields, "past_sla"]

    def by_past_sla(self, queryset, name, value):
        if value is None:
            return queryset
        late = past_sla(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class MachineFilter(PortalFilterSet):
    search_fields = ("code", "name", "name_es", "machine_type", "line__code")

    facility = django_filters.ModelChoiceFilter(queryset=Facility.objects.active(), field_name="line__facility",
                                                label=_("Facility"))
    line = django_filters.ModelChoiceFilter(queryset=ProductionLine.objects.select_related("facility"),
                                            label=_("Line"))

    class Meta:
        model = Machine
        fields = ["facility", "line"]
