"""``PortalListView``: the one list page of the portal.

A subclass declares ``permission_required``, ``columns``, ``filterset_class``, ``default_sort`` and
``get_queryset()``; it gets filtering (django-filter), sorting by column headers, pagination with a page-size
choice, htmx partial refresh, and "Export to Excel" of exactly the filtered, sorted rows (streamed; large
exports run in the background with a progress page); ``export_formats`` adds a streamed CSV export.

A report that summarises its filtered records (shortfalls per component...) returns its rows from ``get_rows``:
a list is paginated and exported like a queryset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views import View

from portal.access import CapabilityRequiredMixin
from portal.imports.roundtrip import RoundTrip, round_trip_response

from .columns import Column
from .csvfile import csv_lines
from .exports import count_rows, start_background_export
from .filters import tidy_choices, usable
from .pagination import page_size, paginate, query_without
from .sorting import apply_sort, parse_sort
from .xlsx import ExportChart, write_xlsx


class PortalListView(CapabilityRequiredMixin, View):
    title: str = ""
    columns: Sequence[Column] = ()
    filterset_class = None
    default_sort: str = ""  # a column key ("-key" descending); "" keeps the tiebreak's order
    tiebreak: str = "pk"
    paginate_by: int = 50
    page_sizes: Sequence[int] = (25, 50, 100, 250)
    template_name = "lists/list.html"
    results_template_name = "lists/partials/results.html"
    row_detail_template_name: str | None = None  # an htmx-expandable row: template of the detail partial
    export_name: str = ""
    intro: str = ""  # a short explanation under the title (formulas, data source...)
    kept_params: Sequence[str] = ()  # query parameters that pick the page's subject and survive "Clear"
    export_formats: Sequence[str] = ("xlsx",)  # ``?export=`` values offered: "xlsx", "csv"
    results_id: str = "list-results"  # the element the pagination links refresh (htmx)
    export_totals: bool = False  # a totals row under the Excel export (the columns marked ``total``)
    export_chart: ExportChart | None = None  # a chart sheet after the data
    export_zone_in_header: bool = False  # name the time zone in plant-local date-time headers
    round_trip: RoundTrip | None = None  # an export the list's import reads back (portal/imports/roundtrip.py)

    # --- hooks -------------------------------------------------------------------------------------------------
    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_columns(self) -> Sequence[Column]:
        return self.columns

    def summarise(self, queryset: QuerySet) -> QuerySet:
        """The filtered records turned into the listed rows before they are sorted (a report grouping them, whose
        columns sort by the group's figures); the records themselves by default."""
        return queryset

    def get_rows(self, queryset: QuerySet) -> QuerySet | Sequence:
        """The rows listed and exported: the filtered, sorted queryset, or the rows a report builds from it."""
        return queryset

    def row_detail_url(self, row: Any) -> str | None:
        """URL of an expandable row's detail partial (htmx), or None."""
        return None

    def row_css(self, row: Any) -> str:
        """Extra CSS classes of a row, e.g. ``table-danger`` for a late line."""
        return ""

    def get_extra_context(self) -> dict:
        return {}

    # --- flow --------------------------------------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        rows, columns = self.filtered_rows()
        export = request.GET.get("export")
        if export == "xlsx" and "xlsx" in self.export_formats:
            return self.export(rows, columns)
        if export == "csv" and "csv" in self.export_formats:
            return self.export_csv(rows, columns)
        if export == "roundtrip" and self.round_trip is not None:
            return self.export_round_trip(rows)
        return self.render_page(rows, columns)

    def round_trip_objects(self, rows: QuerySet | Sequence) -> QuerySet | Sequence:
        """The filtered rows as the round trip's resource reads them (a list may add what its dehydrate methods
        need, e.g. ``prefetch_related``)."""
        return rows

    def export_round_trip(self, rows: QuerySet | Sequence):
        resource = self.round_trip.resource_class()()
        return round_trip_response(resource, self.round_trip_objects(rows), title=str(self.title),
                                   name=f"{self.export_name or self.title}-for-import")

    def filtered_rows(self) -> tuple[QuerySet | Sequence, Sequence[Column]]:
        """The request's rows, filtered and sorted, and the columns: what the page, the exports and the background
        export job (``exports.run_export_job``) all read."""
        request = self.request
        self.filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        queryset = self.summarise(self.filterset.qs if usable(self.filterset) else self.filterset.queryset.none())
        columns = self.get_columns()
        self.sort_key, self.sort_desc = parse_sort(request.GET.get("sort"), columns, self.default_sort)
        queryset = apply_sort(queryset, columns, self.sort_key, self.sort_desc, self.tiebreak)
        return self.get_rows(queryset), columns

    def page_size(self) -> int:
        return page_size(self.request, self.paginate_by, self.page_sizes)

    def paginate(self, rows: QuerySet | Sequence) -> Page:
        """The requested page of ``rows`` at the chosen page size (a wrong page number gives the nearest page)."""
        return paginate(self.request, rows, self.page_size())

    def render_page(self, queryset: QuerySet, columns: Sequence[Column]):
        page = self.paginate(queryset)
        context = self.page_context(page, columns)
        context["rows"] = self.build_rows(page.object_list, columns)
        context.update(self.get_extra_context())
        template = self.results_template_name if getattr(self.request, "htmx", False) else self.template_name
        return render(self.request, template, context)

    def build_rows(self, objects, columns: Sequence[Column]) -> list[dict]:
        """The page's rows as the shared table template shows them."""
        return [
            {"cells": [(c, c.value(obj), c.link(obj) if c.link else None) for c in columns],
             "detail_url": self.row_detail_url(obj), "css": self.row_css(obj), "object": obj}
            for obj in objects
        ]

    def page_context(self, page, columns: Sequence[Column]) -> dict:
        """What every list template needs besides the rows: filters, sort, pagination, query strings."""
        kept = [(name, self.request.GET[name]) for name in self.kept_params if self.request.GET.get(name)]
        tidy_choices(self.filterset.form)
        trip = self.round_trip
        return {
            "view": self,
            "round_trip_import": reverse(trip.import_url) if trip and self.request.user.has_perm(trip.permission)
            else "",
            "title": self.title,
            "intro": self.intro,
            "filter": self.filterset,
            "columns": columns,
            "page_obj": page,
            "paginator": page.paginator,
            "sort_key": self.sort_key,
            "sort_desc": self.sort_desc,
            "query": self._query_without("page", "export"),
            "query_nosort": self._query_without("page", "export", "sort"),
            "query_nopage_size": self._query_without("page", "export", "per_page"),
            "page_sizes": self.page_sizes,
            "kept_params": kept,
            "kept_query": urlencode(kept),
            "export_background_rows": settings.EXPORT_BACKGROUND_ROWS,
            "results_id": self.results_id,
        }

    def export(self, queryset: QuerySet, columns: Sequence[Column]):

        if count_rows(queryset) > settings.EXPORT_BACKGROUND_ROWS and not settings.CELERY_TASK_ALWAYS_EAGER:
            job = start_background_export(self, self.request)
            return HttpResponseRedirect(job.get_absolute_url())
        rows, prepared = self.export_rows(queryset, columns)
        handle, _count = write_xlsx(rows, columns, title=str(self.title), prepared=prepared, **self.xlsx_options())
        return FileResponse(handle, as_attachment=True, filename=self.export_filename(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def xlsx_options(self) -> dict:
        """The Excel export's extras (totals row, chart sheet, zone in headers): the page and the background job
        write the same file."""
        return {"totals": self.export_totals, "chart": self.export_chart,
                "zone_in_header": self.export_zone_in_header}

    def export_rows(self, queryset: QuerySet, columns: Sequence[Column]) -> tuple[Iterable, bool]:
        """Rows for the export, read in chunks so memory stays flat.

        When every exported column is a database field, plain value tuples (``values_list``) are read: no model
        objects, several times faster on 100,000 rows. Returns the rows and whether they are such tuples.
        """
        if not isinstance(queryset, QuerySet):  # rows built by ``get_rows``
            return iter(queryset), False
        exported = [column for column in columns if column.export]
        paths = [column.orm_path for column in exported]
        if all(paths):
            extras = [column.extra_orm_paths for column in exported]
            try:
                values = queryset.values_list(*paths, *(p for group in extras for p in group))
            except FieldError:  # a column reads a method or property: fall back to objects
                pass
            else:
                values = values.iterator(chunk_size=5000)
                needed = any(column.prepares for column in exported)
                return (_prepared(values, exported, extras) if needed else values), True
        return queryset.iterator(chunk_size=2000), False

    def export_csv(self, rows: QuerySet | Sequence, columns: Sequence[Column]):
        """The rows as CSV (text cells made formula-safe), streamed as they are read."""
        objects = rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else iter(rows)
        response = StreamingHttpResponse(csv_lines(objects, columns), content_type="text/csv; charset=utf-8")
        name = self.export_filename().removesuffix(".xlsx") + ".csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def export_filename(self) -> str:
        stem = slugify(self.export_name or str(self.title)) or "export"
        return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"

    def _query_without(self, *names: str) -> str:
        return query_without(self.request, *names)


def _prepared(values: Iterable[tuple], columns: Sequence[Column], extras: Sequence[tuple[str, ...]]) -> Iterable[list]:
    """Value tuples with each column's extra values (a facility's zone...) folded into its own value."""
    count = len(columns)
    for row in values:
        position = count
        cells = []
        for index, column in enumerate(columns):
            width = len(extras[index])
            value = row[index]
            cells.append(column.prepare(value, *row[position:position + width]) if column.prepares else value)
            position += width
        yield cells
