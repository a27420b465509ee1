"""Filters of the laser shop's list pages."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.lists.filters import PortalFilterSet

from .materials import THICKNESS_CHOICES, MaterialType, SheetSize
from .models import InventoryItem, LaserRun, OutboundDraft, Project, Stage, StockMovement


class ProjectFilter(PortalFilterSet):
    search_fields = ("code", "client__name", "description")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    material_type = django_filters.ChoiceFilter(choices=MaterialType.choices, label=_("Material"))

    class Meta:
        model = Project
        fields: list[str] = []


class QueueFilter(PortalFilterSet):
    search_fields = ("code", "client__name", "description")
    material_type = django_filters.ChoiceFilter(choices=MaterialType.choices, label=_("Material"))

    class Meta:
        model = Project
        fields: list[str] = []


class InventoryFilter(PortalFilterSet):
    search_fields = ("material_type", "sheet_size")
    material_type = django_filters.ChoiceFilter(choices=MaterialType.choices, label=_("Material"))
    thickness_mm = django_filters.ChoiceFilter(choices=THICKNESS_CHOICES, label=_("Thickness"))
    sheet_size = django_filters.ChoiceFilter(choices=SheetSize.choices, label=_("Sheet size"))
    low = django_filters.BooleanFilter(label=_("Below minimum"), method="below_minimum")

    class Meta:
        model = InventoryItem
        fields: list[str] = []

    def below_minimum(self, queryset, name, value):
        from django.db.models import F, Q

        low = Q(quantity__lt=F("minimum")) | Q(quantity__lt=0)
        if value is None:
            return queryset
        return queryset.filter(low) if value else queryset.exclude(low)


class MovementFilter(PortalFilterSet):
    search_fields = ("reason", "run__project__code")
    kind = django_filters.ChoiceFilter(choices=StockMovement.Kind.choices, label=_("Kind"))
    at_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    at_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = StockMovement
        fields: list[str] = []


class RunFilter(PortalFilterSet):
    search_fields = ("project__code", "project__client__name", "operator__username", "notes")
    status = django_filters.ChoiceFilter(choices=LaserRun.Status.choices, label=_("Status"))
    started_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label=_("From"))
    started_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = LaserRun
        fields: list[str] = []


class DraftFilter(PortalFilterSet):
    search_fields = ("project__code", "client__name", "body")
    pending = django_filters.BooleanFilter(method="filter_pending", label=_("Waiting to be sent"))

    def filter_pending(self, queryset, name, value):
        """Waiting: neither sent nor withdrawn (the project left the stage it was written for)."""
        waiting = Q(sent_at__isnull=True, withdrawn_at__isnull=True)
        return queryset.filter(waiting) if value else queryset.exclude(waiting)

    class Meta:
        model = OutboundDraft
        fields: list[str] = []
