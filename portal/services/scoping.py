"""What part of the plant a user works in: one place that scopes querysets by the user's departments."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.models import ProductionLine


def lines_for(user, facility=None) -> QuerySet[ProductionLine]:
    """Active lines the user works on: those of their departments, or every line when they have none."""
    lines = ProductionLine.objects.active().select_related("facility").filter(facility__active=True)
    if facility is not None:
        lines = lines.filter(facility=facility)
    if user.is_authenticated and user.departments.filter(active=True).exists():
        lines = lines.filter(departments__in=user.departments.filter(active=True)).distinct()
    return lines


def scope_to_lines(queryset: QuerySet, user, line_field: str = "line") -> QuerySet:
    """Limit any queryset with a line foreign key to the user's lines (modules call this, not their own filter)."""
    return queryset.filter(**{f"{line_field}__in": lines_for(user)})
