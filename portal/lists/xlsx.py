"""Streaming Excel writer: bold frozen header, number/date formats, column widths, bounded memory.

openpyxl's write-only mode serialises each row as it is appended (to a temp file), so memory stays flat whatever
the row count; the finished workbook is then streamed to the browser from disk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .columns import EXCEL_FORMATS, Column

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")


def write_xlsx(
    rows: Iterable[Any],
    columns: Sequence[Column],
    *,
    title: str = "Export",
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> tuple[IO[bytes], int]:
    """Write ``rows`` to a temporary .xlsx file; returns the open file (rewound) and the number of rows."""
    columns = [c for c in columns if c.export]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.excel_width
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}1"

    # One styled template cell per formatted column; each data cell reuses its style array (much faster
    # than assigning number_format per cell).
    templates = {}
    for column in columns:
        if column.kind in EXCEL_FORMATS:
            template = WriteOnlyCell(sheet)
            template.number_format = EXCEL_FORMATS[column.kind]
            templates[column.key] = template._style

    count = 0
    for row in rows:
        out = []
        for column in columns:
            value = column.excel_value(row)
            style = templates.get(column.key)
            if style is None or value is None:
                out.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell._style = style
                out.append(cell)
        sheet.append(out)
        count += 1
        if progress and count % progress_every == 0:
            progress(count)

    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller streams it, then closes it
    workbook.save(handle)
    handle.seek(0)
    return handle, count


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in str(title))
    return cleaned[:31] or "Export"
