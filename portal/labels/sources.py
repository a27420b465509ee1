"""Labels straight from a list page: the codes of the rows a user picked (admin changelists: checkboxes) or of the
filtered rows of a portal list (``PortalListView`` has no row selection), capped at ``MAX_LABELS``.

The result is the labels page with the codes filled in (``actions.labels_redirect``): the user picks the label
stock and copies there, and the same view (same permission) makes the PDF. The lists themselves are declared by
their apps (``LabelSource`` in portal/labels/kinds.py).
"""

from __future__ import annotations

from django.db.models import QuerySet

from portal.lists.filters import usable

from .services import MAX_LABELS


def filtered(filterset_class, queryset: QuerySet, request) -> QuerySet:
    """``queryset`` filtered as the list page filters it (nothing when the filter is invalid)."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    return filterset.qs if usable(filterset) else queryset.none()


def capped(codes: QuerySet, cap: int = MAX_LABELS) -> tuple[list[str], int]:
    """The first ``cap + 1`` codes (one query) and the list's total (counted only when there are more)."""
    picked = [code for code in codes[:cap + 1] if code]
    return picked, (codes.count() if len(picked) > cap else len(picked))
