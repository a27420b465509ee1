from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from .columns import Column


def parse_sort(value: str | None, columns: Sequence[Column], default: str) -> tuple[str, bool]:
    """``"-due_date"`` -> ("due_date", True) when that column sorts; otherwise the default. Never raises."""
    sortable = {c.key for c in columns if c.sort}
    for candidate in (value or "", default):
        key, descending = candidate.lstrip("-"), candidate.startswith("-")
        if key in sortable:
            return key, descending
    return "", False


def apply_sort(queryset: QuerySet, columns: Sequence[Column], key: str, descending: bool, tiebreak: str) -> QuerySet:
    """Order by the column's field, then by ``tiebreak`` so pages never repeat or skip rows."""
    field = next((c.sort for c in columns if c.key == key and c.sort), None)
    ordering = []
    if field:
        ordering.append(f"-{field}" if descending else field)
    if tiebreak and tiebreak.lstrip("-") != (field or ""):
        ordering.append(tiebreak)
    return queryset.order_by(*ordering) if ordering else queryset
