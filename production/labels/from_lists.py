"""Labels straight from a list page: the codes of the rows a user picked (admin changelists: checkboxes) or of the
filtered rows of a portal list (``PortalListView`` has no row selection), capped at ``MAX_LABELS``.

The result is the labels page with the codes filled in (``actions.labels_redirect``): the user picks the label
stock and copies there, and the same view (same permission) makes the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from portal.lists.filters import usable
from portal.roles import PRODUCTION_REPORT, VIEW_REPORTS

from .services import MAX_LABELS


@dataclass(frozen=True)
class ListSource:
    """A portal list whose filtered rows can be labelled: the label kind, the list's own permission (a user gets
    labels only of rows they may list) and the codes of the filtered rows."""

    kind: str
    permission: str
    codes: Callable[[object], QuerySet]  # request -> queryset of codes (values_list flat), filtered as the list


def _filtered(filterset_class, queryset: QuerySet, request) -> QuerySet:
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    return filterset.qs if usable(filterset) else queryset.none()


def _open_jobs(request) -> QuerySet:
    from erp.filters import OpenJobFilter
    from erp.services.jobs import open_jobs

    return _filtered(OpenJobFilter, open_jobs(), request).order_by("job_number").values_list("job_number", flat=True)


def _report_orders(request) -> QuerySet:
    from production.filters import MovementFilter
    from production.views.report import scoped_movements

    movements = _filtered(MovementFilter, scoped_movements(request.user), request)
    return movements.order_by("order__number").values_list("order__number", flat=True).distinct()


SOURCES: dict[str, ListSource] = {
    "erp-jobs": ListSource("job", VIEW_REPORTS, _open_jobs),
    "production-orders": ListSource("order", PRODUCTION_REPORT, _report_orders),
}


def capped(codes: QuerySet, cap: int = MAX_LABELS) -> tuple[list[str], int]:
    """The first ``cap + 1`` codes (one query) and the list's total (counted only when there are more)."""
    picked = [code for code in codes[:cap + 1] if code]
    return picked, (codes.count() if len(picked) > cap else len(picked))
