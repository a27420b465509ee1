"""Round trip through Excel: a planner exports a list through its import-export resource (exactly the columns its
import reads back, ``id`` first), edits the file in Excel and imports it on the list's import page (dry-run
preview, then all rows or none).

A list view declares it (``PortalListView.round_trip = RoundTrip(...)``): its page then offers "Export for Excel
round trip" (``?export=roundtrip``, the page's filters applied) beside "Import". The file is streamed with the
lists' writer (``portal.lists.xlsx.write_xlsx``: constant memory, rows read in chunks), not tablib, so 100,000 rows
take seconds and flat memory (bench/bench_exports.py). Numbers and dates are Excel numbers and dates whatever the
widget's ``coerce_to_string``; anything else is written as the widget renders it (a facility by its code, a line as
FACILITY/LINE), which is what the import's widget reads back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import IO, Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from import_export import widgets
from import_export.resources import Resource

from portal.lists.columns import Column
from portal.lists.xlsx import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_OF_WIDGET = ((widgets.IntegerWidget, "int"), (widgets.DecimalWidget, "decimal"),
                  (widgets.FloatWidget, "decimal"), (widgets.DateTimeWidget, "datetime"),
                  (widgets.DateWidget, "date"), (widgets.BooleanWidget, "bool"))
NATIVE = {"int": (int, float, Decimal), "decimal": (int, float, Decimal), "date": (dt.date,),
          "datetime": (dt.datetime,), "bool": (bool,)}


@dataclass(frozen=True)
class RoundTrip:
    """A list's Excel round trip: the resource its export and import share, the URL name of its import page and
    the permission that may import (the page shows the import link to those only; the import page checks it)."""

    resource: str  # dotted path of the resource class
    import_url: str
    permission: str

    def resource_class(self) -> type[Resource]:
        return import_string(self.resource)


def kind_of(field) -> str:
    for widget_class, kind in KIND_OF_WIDGET:
        if isinstance(field.widget, widget_class):
            return kind
    return "text"


def resource_columns(resource: Resource) -> list[tuple[Any, Column]]:
    """The resource's export fields, each with the column the writer needs (header: the field's column name, the
    name the import matches)."""
    return [(field, Column(field.column_name, field.column_name, kind=kind_of(field)))
            for field in resource.get_export_fields()]


def resource_rows(resource: Resource, fields: list[tuple[Any, Column]], objects: Iterable) -> Iterator[list]:
    """One list of cell values per object: a dehydrate method's value, or the field's own value; a number or a
    date stays one (an Excel cell the planner edits as such), anything else as the widget renders it."""
    plan = []
    for field, column in fields:
        method = getattr(resource, f"dehydrate_{resource.get_field_name(field)}", None)
        simple = field.attribute and "__" not in field.attribute  # read directly (100,000 rows: seconds saved)
        read = method or (attrgetter(field.attribute) if simple else field.get_value)
        plan.append((field, read, method is not None, NATIVE.get(column.kind)))
    for obj in objects:
        row = []
        for field, read, dehydrated, native in plan:
            value = read(obj)
            if native is not None:
                row.append(value if isinstance(value, native) else None)
            elif dehydrated:
                row.append("" if value is None else value)
            else:
                row.append(field.widget.render(value))
        yield row


def write_resource_xlsx(resource: Resource, objects: Iterable, *, title: str) -> tuple[IO[bytes], int]:
    """The objects through the resource, written by the lists' streaming writer; a queryset is read in chunks."""
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=2000)
    fields = resource_columns(resource)
    return write_xlsx(resource_rows(resource, fields, objects), [column for _field, column in fields],
                      title=title, prepared=True)


def round_trip_response(resource: Resource, objects: Iterable, *, title: str, name: str) -> FileResponse:
    handle, _count = write_resource_xlsx(resource, objects, title=title)
    filename = f"{slugify(name) or 'export'}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
