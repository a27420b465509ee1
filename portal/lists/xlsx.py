"""Streaming Excel writer: bold frozen header, number/date formats, column widths, bounded memory.

XlsxWriter in ``constant_memory`` mode writes each row to disk as it comes (inline strings, no shared-string
table), so memory stays flat whatever the row count; the finished workbook is then streamed from disk.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from portal.services.localtime import several_zones, zone_abbreviation, zones_in_use

from .columns import EXCEL_FORMATS, Column


@dataclass(frozen=True)
class ExportChart:
    """A chart sheet after the data sheet of an Excel export: one series per column key of ``values`` against the
    ``category`` column's cells (the first ``max_points`` rows: a chart of thousands of bars reads as nothing).
    ``kind`` is an XlsxWriter chart type ("column", "bar", "line")."""

    title: str
    category: str
    values: tuple[str, ...]
    kind: str = "column"
    max_points: int = 50
    sheet_name: str = ""


def zone_header(label: str) -> str:
    """A date-time column's header with the zone its times are in: the one zone of the plant, or "each row's
    plant zone" (each cell's number format then carries its zone's abbreviation)."""
    zones = zones_in_use() or {settings.TIME_ZONE}
    if len(zones) == 1:
        return f"{label} ({next(iter(zones))})"
    return _("%(label)s (each row's plant time zone)") % {"label": label}


def write_xlsx(
    rows: Iterable[Any],
    columns: Sequence[Column],
    *,
    title: str = "Export",
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
    prepared: bool = False,
    totals: bool = False,
    chart: ExportChart | None = None,
    zone_in_header: bool = False,
) -> tuple[IO[bytes], int]:
    """Write ``rows`` to a temporary .xlsx file; returns the open file (rewound) and the number of rows.

    ``prepared`` rows are sequences of already-extracted values, one per exported column (the fast path of
    ``PortalListView.export_rows``); otherwise each row is an object the columns read. ``totals`` adds a bold
    row summing the columns marked ``total`` (SUBTOTAL formulas, so Excel's filters keep it right, with the sums
    cached for readers that do not calculate); ``chart`` adds a chart sheet; ``zone_in_header`` names the time
    zone in the headers of plant-local date-time columns.
    """
    columns = [c for c in columns if c.export]
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller streams it, then closes it
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True})
    sheet = workbook.add_worksheet(_sheet_title(title))
    header = workbook.add_format({"bold": True, "bg_color": "#DDE3EA", "valign": "vcenter"})
    formats = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in EXCEL_FORMATS.items()}
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.excel_width)
        label = str(column.label)
        if zone_in_header and column.local_zone and column.kind == "datetime":
            label = zone_header(label)
        sheet.write_string(0, index, label, header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, 0, max(len(columns) - 1, 0))

    labelled = several_zones()
    writers = [_local_writer(sheet, workbook, labelled) if column.local_zone and column.kind == "datetime"
               else _cell_writer(sheet, column.kind, formats.get(column.kind)) for column in columns]
    count = 0
    summed = [index for index, column in enumerate(columns) if totals and column.total]
    sums = dict.fromkeys(summed, 0)
    for count, row in enumerate(rows, start=1):  # noqa: B007 - count is the total after the loop
        values = row if prepared else [column.excel_value(row) for column in columns]
        for index, (write, value) in enumerate(zip(writers, values, strict=True)):
            if value is not None:
                write(count, index, value)
        for index in summed:
            sums[index] += values[index] or 0
        if progress and count % progress_every == 0:
            progress(count)
    if totals and columns:
        _write_totals(workbook, sheet, columns, sums, count, formats)
    if chart is not None and count:
        _add_chart(workbook, sheet, columns, chart, count)
    workbook.close()
    handle.seek(0)
    return handle, count


def _write_totals(workbook, sheet, columns: Sequence[Column], sums: dict[int, Any], count: int, formats) -> None:
    row = count + 1
    bold = workbook.add_format({"bold": True, "top": 1})
    sheet.write_string(row, 0, _("Total"), bold)
    for index, total in sums.items():
        fmt = workbook.add_format({"bold": True, "top": 1, "num_format": EXCEL_FORMATS.get(columns[index].kind,
                                                                                             "General")})
        letter = xl_col_to_name(index)
        formula = f"=SUBTOTAL(109,{letter}2:{letter}{count + 1})" if count else "=0"
        sheet.write_formula(row, index, formula, fmt, float(total))


def _add_chart(workbook, sheet, columns: Sequence[Column], chart: ExportChart, count: int) -> None:
    keys = [column.key for column in columns]
    if chart.category not in keys or not all(key in keys for key in chart.values):
        raise ValueError(f"Chart columns {chart.category!r}/{chart.values!r} are not exported columns.")
    last = min(count, chart.max_points)
    figure = workbook.add_chart({"type": chart.kind})
    category = keys.index(chart.category)
    for key in chart.values:
        index = keys.index(key)
        figure.add_series({"name": [sheet.name, 0, index], "categories": [sheet.name, 1, category, last, category],
                           "values": [sheet.name, 1, index, last, index]})
    figure.set_title({"name": str(chart.title)})
    figure.set_legend({"position": "bottom"})
    chartsheet = workbook.add_chartsheet(_sheet_title(str(chart.sheet_name or _("Chart"))))
    chartsheet.set_chart(figure)


def _cell_writer(sheet, kind: str, fmt) -> Callable[[int, int, Any], Any]:
    """One write function per column, chosen once (not per cell)."""
    if kind in ("int", "decimal", "quantity", "money", "percent"):
        return lambda r, c, v: sheet.write_number(r, c, float(v), fmt)
    if kind in ("date", "datetime"):
        return lambda r, c, v: sheet.write_datetime(r, c, _local(v), fmt) if isinstance(v, dt.date) else (
            sheet.write_string(r, c, str(v)))
    if kind == "bool":
        return lambda r, c, v: sheet.write_boolean(r, c, bool(v))
    return lambda r, c, v: sheet.write_string(r, c, str(v))


def _local_writer(sheet, workbook, labelled: bool) -> Callable[[int, int, Any], Any]:
    """A facility-local date-time (``LocalDateTimeColumn``): its wall-clock time as a real Excel date-time, its
    zone's abbreviation in the number format when several zones are in use (so sorting and filtering still work)."""
    formats: dict[str, Any] = {}

    def fmt(value: dt.datetime):
        label = zone_abbreviation(value) if labelled and timezone.is_aware(value) else ""
        if label not in formats:
            suffix = f' "{label}"' if label else ""
            formats[label] = workbook.add_format({"num_format": EXCEL_FORMATS["datetime"] + suffix})
        return formats[label]

    def write(r: int, c: int, value: Any) -> Any:
        if not isinstance(value, dt.datetime):
            return sheet.write_string(r, c, str(value))
        return sheet.write_datetime(r, c, value.replace(tzinfo=None), fmt(value))

    return write


def _local(value: dt.date) -> dt.date:
    """Excel has no time zones: an aware date-time is written as the portal's local wall-clock time."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31] or "Export"
