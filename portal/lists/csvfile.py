"""CSV export of a list: the exported columns of the Excel export, streamed line by line, text made formula-safe.

Date-times are the plant's wall-clock time like on the page (``YYYY-MM-DD HH:MM``, without the zone's label),
yes/no for booleans, empty cells for missing values.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from portal.imports.formats import neutralise_for_csv
from portal.services.localtime import format_local

from .columns import Column


class _Echo:
    """A file-like object whose ``write`` returns the line, so ``csv.writer`` feeds a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    exported = [column for column in columns if column.export]
    yield writer.writerow([str(column.label) for column in exported])
    for row in rows:
        yield writer.writerow([csv_cell(column, row) for column in exported])


def csv_cell(column: Column, row: Any) -> Any:
    value = column.value(row)
    if value is None:
        return ""
    if column.kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        zone = column.zone_source(row) if column.local_zone else None
        return format_local(value, zone, "Y-m-d H:i", label=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_for_csv(value)
