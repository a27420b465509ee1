"""The demo ERP as CSV files: one ``<view>.csv`` per contract view, the header naming the view's columns.

``read_dataset`` validates every file before anything is written (column names, types, lengths, allowed values,
unique keys, references between files) and reports each problem with its file, row and column; the caller loads
the result in one transaction, so a bad folder never leaves a half-loaded ERP. ``write_dataset`` exports what the
ERP database holds now, in the same format.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connections, models
from django.utils.translation import gettext as _

from erp.models import ERP_MODELS, ErpModel
from erp.router import ERP_DB

from .contract import COLUMNS

_FILE_ORDER = {f"{view}.csv": index for index, view in enumerate(COLUMNS)}

MAX_REPORTED = 60  # problems listed in the error; the rest are counted
TRUE = {"1", "true", "t", "yes", "y"}
FALSE = {"0", "false", "f", "no", "n"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # line in the file, the header being line 1 (as a spreadsheet numbers it)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class InvalidCsv(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {problem}" for problem in problems[:MAX_REPORTED])
        more = len(problems) - MAX_REPORTED
        if more > 0:
            shown += "\n  " + _("… and %(count)s more problems.") % {"count": more}
        super().__init__(
            _("The CSV files were not loaded (nothing changed). %(count)s problem(s):") % {"count": len(problems)}
            + "\n" + shown
        )


class MissingViews(Exception):
    """The ERP database lacks some views of the contract."""


class _BadValue(ValueError):
    pass


class _Report:
    """Collects problems; past PER_FILE problems in one file it only counts them, so one bad column in a big
    file does not hide the problems of the other files."""

    PER_FILE = 20

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.extra: dict[str, int] = {}
        self.per_file: dict[str, int] = {}

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        count = self.per_file.get(file, 0) + 1
        self.per_file[file] = count
        if count > self.PER_FILE:
            self.extra[file] = self.extra.get(file, 0) + 1
        else:
            self.problems.append(Problem(file, row, column, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        more = [
            Problem(file, None, None, _("… and %(count)s more problems in this file.") % {"count": count})
            for file, count in self.extra.items()
        ]
        # File by file in contract order; within a file by row, its "and N more" last.
        ordered = sorted(
            [(0, p) for p in self.problems] + [(1, p) for p in more],
            key=lambda item: (_FILE_ORDER.get(item[1].file, len(_FILE_ORDER)), item[0], item[1].row or 0),
        )
        raise InvalidCsv([problem for _last, problem in ordered])


# --- reading ------------------------------------------------------------------------------------------------
def read_dataset(directory: Path) -> dict[str, list[tuple]]:
    """Parse and check ``<view>.csv`` for every view; return rows in contract column order or raise InvalidCsv."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InvalidCsv([Problem(str(directory), None, None, _("is not a folder."))])
    report = _Report()
    for view in COLUMNS:
        if not (directory / f"{view}.csv").is_file():
            report.add(
                f"{view}.csv", None, None,
                _("file is missing (every view needs one; a header line alone means no rows)."),
            )
    tables: dict[str, list[tuple]] = {}
    for model in ERP_MODELS:
        path = directory / f"{model._meta.db_table}.csv"
        if path.is_file():
            rows = _read_view(model, path, report)
            if rows is not None:
                tables[model._meta.db_table] = rows
    _check_keys(tables, report)
    report.raise_if_any()
    return {view: [row for _line, row in rows] for view, rows in tables.items()}


def _converter(field: models.Field) -> Callable[[str], Any]:
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.BooleanField):
        return _boolean
    if isinstance(target, models.DecimalField):
        return _decimal_parser(target)
    if isinstance(target, models.IntegerField):  # also BigIntegerField
        return _integer
    if isinstance(target, models.DateField):
        return _date
    if isinstance(target, models.CharField):
        return _text_parser(field, target.max_length)
    raise TypeError(f"No CSV converter for {type(target).__name__}")


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise _BadValue(_("“%(value)s” is not a yes/no value (use true or false).") % {"value": value})


def _integer(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise _BadValue(_("“%(value)s” is not a whole number.") % {"value": value}) from None


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _BadValue(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": value}) from None


def _decimal_parser(field: models.DecimalField) -> Callable[[str], Decimal]:
    quantum = Decimal(1).scaleb(-field.decimal_places)
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)

    def parse(value: str) -> Decimal:
        try:
            number = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise _BadValue(
                _("“%(value)s” is not a number (use a dot for decimals and no thousands separators).")
                % {"value": value}
            ) from None
        if not number.is_finite():
            raise _BadValue(_("“%(value)s” is not a number.") % {"value": value})
        number = number.quantize(quantum, rounding=decimal.ROUND_HALF_UP)  # extra decimals are rounded
        if abs(number) >= limit:
            raise _BadValue(_("“%(value)s” is too large for this column.") % {"value": value})
        return number

    return parse


def _text_parser(field: models.Field, max_length: int | None) -> Callable[[str], str]:
    choices = {str(value) for value, _label in field.choices} if field.choices else None

    def parse(value: str) -> str:
        if max_length and len(value) > max_length:
            raise _BadValue(
                _("is %(length)s characters long; at most %(max)s are allowed.")
                % {"length": len(value), "max": max_length}
            )
        if choices is not None and value not in choices:
            raise _BadValue(
                _("“%(value)s” is not one of %(choices)s.") % {"value": value, "choices": ", ".join(sorted(choices))}
            )
        return value

    return parse


def _default(field: models.Field) -> Any:
    if field.has_default():
        return field.get_default()
    return None


def _read_view(model: type[ErpModel], path: Path, report: _Report) -> list[tuple[int, tuple]] | None:
    """(line, row) pairs of one file, or None when its header is unusable."""
    name = path.name
    fields = {field.column: field for field in model._meta.concrete_fields}
    order = COLUMNS[model._meta.db_table]
    rows: list[tuple[int, tuple]] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                report.add(name, None, None, _("is empty: the first line must name the columns."))
                return None
            header = [column.strip() for column in header]
            if not _header_ok(name, header, fields, report):
                return None
            converters = [_converter(fields[column]) for column in header]
            nullable = [fields[column].null for column in header]
            position = {column: index for index, column in enumerate(header)}
            # Columns left out of the header (nullable or with a default) take that value on every row.
            layout = [
                (position[column], None) if column in position else (None, _default(fields[column]))
                for column in order
            ]
            width = len(header)
            for raw in reader:
                if not raw or (len(raw) == 1 and not raw[0].strip()):
                    continue  # blank line
                line = reader.line_num
                if len(raw) != width:
                    report.add(
                        name, line, None,
                        _("has %(found)s values but the header names %(expected)s columns.")
                        % {"found": len(raw), "expected": width},
                    )
                    continue
                values = []
                for index, text in enumerate(raw):
                    if not text.strip():
                        if nullable[index]:
                            values.append(None)
                        else:
                            report.add(name, line, header[index], _("a value is required."))
                            values.append(None)
                        continue
                    try:
                        values.append(converters[index](text))
                    except _BadValue as error:
                        report.add(name, line, header[index], str(error))
                        values.append(None)
                rows.append((line, tuple(values[p] if p is not None else default for p, default in layout)))
    except UnicodeDecodeError:
        report.add(name, None, None, _("is not UTF-8 text (save it as “CSV UTF-8”)."))
        return None
    except csv.Error as error:
        report.add(name, None, None, _("cannot be read as CSV: %(error)s") % {"error": error})
        return None
    return rows


def _header_ok(name: str, header: list[str], fields: dict[str, models.Field], report: _Report) -> bool:
    ok = True
    seen = set()
    for column in header:
        if column in seen:
            report.add(name, 1, column, _("column appears twice in the header."))
            ok = False
        seen.add(column)
        if column not in fields:
            report.add(
                name, 1, column,
                _("unknown column; the columns of this view are: %(columns)s.") % {"columns": ", ".join(fields)},
            )
            ok = False
    for column, field in fields.items():
        if column not in seen and not field.null and not field.has_default():
            report.add(name, 1, column, _("required column is missing from the header."))
            ok = False
    return ok


def _check_keys(tables: dict[str, list[tuple[int, tuple]]], report: _Report) -> None:
    """Unique keys within each file, then every reference to another readable file (cheap: sets of keys)."""
    keys: dict[str, set] = {}
    for model in ERP_MODELS:
        view = model._meta.db_table
        if view not in tables:
            continue
        order = COLUMNS[view]
        name = f"{view}.csv"
        pk_column = model._meta.pk.column
        pk_index = order.index(pk_column)
        unique_sets = [
            [order.index(model._meta.get_field(f).column) for f in constraint.fields]
            for constraint in model._meta.constraints
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields
        ]
        seen_pk: set = set()
        seen_unique: list[set] = [set() for _unique in unique_sets]
        for line, row in tables[view]:
            key = row[pk_index]
            if key is not None and key in seen_pk:
                report.add(name, line, pk_column, _("“%(value)s” appears on an earlier row.") % {"value": key})
            seen_pk.add(key)
            for columns, seen in zip(unique_sets, seen_unique, strict=True):
                combo = tuple(row[i] for i in columns)
                if None not in combo and combo in seen:
                    report.add(
                        name, line, ", ".join(order[i] for i in columns),
                        _("the combination %(value)s appears on an earlier row.") % {"value": combo_text(combo)},
                    )
                seen.add(combo)
        keys[view] = seen_pk

    for model in ERP_MODELS:
        view = model._meta.db_table
        if view not in tables:
            continue
        order = COLUMNS[view]
        for field in model._meta.concrete_fields:
            target_view = field.related_model._meta.db_table if field.is_relation else None
            if target_view not in keys:  # not a reference, or the referenced file could not be read
                continue
            index = order.index(field.column)
            known = keys[target_view]
            for line, row in tables[view]:
                value = row[index]
                if value is not None and value not in known:
                    report.add(
                        f"{view}.csv", line, field.column,
                        _("“%(value)s” is not in %(file)s.") % {"value": value, "file": f"{target_view}.csv"},
                    )


def combo_text(values: tuple) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


# --- writing ------------------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_dataset(directory: Path, *, using: str = ERP_DB) -> dict[str, int]:
    """Write every view of the ERP database ``using`` to ``<view>.csv`` in ``directory``. Reads only."""
    connection = connections[using]
    present = set(connection.introspection.table_names(include_views=True))
    missing = [view for view in COLUMNS if view not in present]
    if missing:
        raise MissingViews(
            _("The “%(alias)s” database has no %(views)s: build the demo ERP (manage.py erp_demo) or create the "
              "views (docs/erp-contract.md).") % {"alias": using, "views": ", ".join(missing)}
        )
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for model in ERP_MODELS:
        view = model._meta.db_table
        fields = {field.column: field.attname for field in model._meta.concrete_fields}
        columns = COLUMNS[view]
        queryset = model.objects.using(using).order_by("pk").values_list(*(fields[c] for c in columns))
        count = 0
        with (directory / f"{view}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in queryset.iterator(chunk_size=5000):
                writer.writerow([_text(value) for value in row])
                count += 1
        counts[view] = count
    return counts
