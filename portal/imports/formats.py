"""Export formats of the admin's import-export views that are safe from formula injection.

A text cell that starts with = + - @ (or a tab / carriage return) would run as a formula when the file is opened in
Excel or LibreOffice. django-import-export and tablib only drop a leading "=" (altering the data). Here CSV
prefixes such a cell with an apostrophe (OWASP's advice; plain numbers like -5 are left alone) and XLSX stores it
as a text cell, unchanged. The portal's own list exports (portal/lists/xlsx.py) write every text as a string.
"""

from __future__ import annotations

import io
import re

from import_export.formats import base_formats

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.match(value)


def neutralise_for_csv(value: object) -> object:
    return f"'{value}" if is_formula_like(value) else value


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            safe.append([neutralise_for_csv(cell) for cell in row])
        return safe.export("csv", **kwargs)


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (dataset.title or "Export")[:31]
        sheet.append(list(dataset.headers or []))
        for row in dataset:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", c) if isinstance(c, str) else c
                          for c in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if cell.data_type == "f":  # openpyxl took "=..." text for a formula: keep it as text
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
