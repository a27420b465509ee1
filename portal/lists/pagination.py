"""Pagination of the portal's lists: the page asked for, at a page size the list offers, and the query string its
links keep. ``PortalListView`` uses it; a page that is not a list view (notifications) calls it the same way and
shows ``lists/partials/pagination.html``."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_size(request: HttpRequest, default: int, sizes: Sequence[int] = ()) -> int:
    """``?per_page=`` when it is one of ``sizes``; otherwise ``default``."""
    try:
        size = int(request.GET.get("per_page", default))
    except ValueError:
        return default
    return size if size in sizes else default


def paginate(request: HttpRequest, rows, per_page: int) -> Page:
    """The page ``?page=`` of ``rows`` (a queryset or a list); a wrong page number gives the nearest page."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The request's query string without ``names`` (what pagination and sort links keep)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def pagination_context(request: HttpRequest, page: Page, results_id: str) -> dict:
    """What ``lists/partials/pagination.html`` reads; ``results_id``: the element its links refresh by htmx."""
    return {"page_obj": page, "paginator": page.paginator, "query": query_without(request, "page", "export"),
            "results_id": results_id}
