"""Declarative table columns shared by the HTML table and the Excel export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

KINDS = {"text", "int", "decimal", "quantity", "money", "date", "datetime", "percent", "bool"}

# Excel number formats per kind (the HTML side formats with the same rules in templatetags/lists.py).
EXCEL_FORMATS = {
    "int": "#,##0",
    "decimal": "#,##0.00##",
    "quantity": "#,##0.####",  # quantities per assembly, scrap: up to 4 places, trailing zeros dropped
    "money": '"$"#,##0.00',
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": '0.0"%"',
}
DEFAULT_WIDTHS = {"text": 24, "int": 12, "decimal": 14, "quantity": 12, "money": 14, "date": 12, "datetime": 17,
                  "percent": 10, "bool": 8}


@dataclass(frozen=True)
class Column:
    """One column: where its value comes from, how it is shown, whether and how it sorts.

    ``key`` is a dotted path on the row (an object attribute chain or a dict key from ``.values()``).
    ``sort`` is the ORM ordering field behind the column (``None``: not sortable).
    """

    key: str
    label: str
    kind: str = "text"
    sort: str | None = None
    width: int | None = None
    link: Callable[[Any], str] | None = None  # row -> URL
    css: str = ""
    export: bool = True
    getter: Callable[[Any], Any] | None = None  # computes the value instead of reading ``key``
    total: bool = False  # summed in the Excel export's totals row (``PortalListView.export_totals``)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.key}: unknown kind {self.kind!r}")

    @property
    def excel_width(self) -> int:
        return self.width or max(DEFAULT_WIDTHS[self.kind], min(len(str(self.label)) + 2, 40))

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "decimal", "quantity", "money", "percent"}

    def value(self, row: Any) -> Any:
        if self.getter is not None:
            return self.getter(row)
        return resolve(row, self.key)

    @property
    def local_zone(self) -> bool:
        """Whether the values are already in their facility's zone (``LocalDateTimeColumn``)."""
        return False

    @property
    def extra_orm_paths(self) -> tuple[str, ...]:
        """Further values the fast export path reads for this column (``prepare`` receives them)."""
        return ()

    @property
    def prepares(self) -> bool:
        """Whether a value read by the fast export path goes through ``prepare`` (zones, translations, labels)."""
        return bool(self.extra_orm_paths)

    def prepare(self, value: Any, *extra: Any) -> Any:
        """A value read by the fast export path (with its ``extra_orm_paths`` values) as the writer takes it."""
        return value

    @property
    def orm_path(self) -> str | None:
        """The ORM lookup behind the column, for exports that read plain values; None when computed."""
        return None if self.getter is not None else self.key.replace(".", "__")

    def excel_value(self, row: Any) -> Any:
        """The value as the Excel writer takes it (numbers, dates, text; the writer converts per column kind)."""
        value = self.value(row)
        if value is not None and not isinstance(value, int | float | Decimal | str | bool | dt.date):
            return str(value)
        return value


def resolve(row: Any, path: str) -> Any:
    """Follow a dotted path on an object or dict (calling methods on the way); None when a step is None."""
    current = row
    for part in path.split("."):
        if current is None:
            return None
        current = current[part] if isinstance(current, dict) else getattr(current, part)
        if callable(current) and not isinstance(current, type):
            current = current()
    return current


@dataclass(frozen=True)
class LocalDateTimeColumn(Column):
    """A date-time shown in the time zone of the facility its row belongs to (see docs/time-zones.md).

    ``zone`` is the dotted path from the row to its Facility (``"line.facility"``) or to a zone name; empty: the
    portal's zone. Pages and the Excel export show the facility's wall-clock time, labelled with the zone's
    abbreviation when the portal's facilities use more than one zone.
    """

    kind: str = "datetime"
    zone: str = ""
    erp_facility: str = ""  # instead of ``zone``: dotted path to an ERP facility code (ERP rows)

    @property
    def local_zone(self) -> bool:
        return True

    def zone_source(self, row: Any) -> Any:
        from portal.services.localtime import erp_facility_zone

        if self.erp_facility:
            return erp_facility_zone(resolve(row, self.erp_facility))
        return resolve(row, self.zone) if self.zone else None

    def value(self, row: Any) -> Any:
        from portal.services.localtime import to_local

        return to_local(super().value(row), self.zone_source(row))

    @property
    def extra_orm_paths(self) -> tuple[str, ...]:
        path = (self.erp_facility or self.zone).replace(".", "__")
        if not path:
            return ()
        return (path if path.endswith("time_zone") or self.erp_facility else f"{path}__time_zone",)

    def prepare(self, value: Any, *extra: Any) -> Any:
        from portal.services.localtime import erp_facility_zone, to_local

        source = extra[0] if extra else None
        return to_local(value, erp_facility_zone(source) if self.erp_facility else source)


@dataclass(frozen=True)
class TranslatedColumn(Column):
    """A name with an optional Spanish twin (``portal.models.translated``): ``key`` is the main field's path
    (``"category.name"``); Spanish users read ``category.name_es`` when it is filled, on the page and in the export
    (the fast export path reads both values)."""

    @property
    def extra_orm_paths(self) -> tuple[str, ...]:
        return (f"{self.orm_path}_es",) if self.orm_path else ()

    def value(self, row: Any) -> Any:
        from portal.models.translated import localized

        if self.getter is not None:
            return self.getter(row)
        owner, _dot, field = self.key.rpartition(".")
        return localized(resolve(row, owner) if owner else row, field)

    def prepare(self, value: Any, *extra: Any) -> Any:
        from portal.models.translated import pick

        return pick(value, extra[0] if extra else "")


@dataclass(frozen=True)
class ChoiceColumn(Column):
    """A coded value shown by its label in the reader's language (``choices``: a Django ``TextChoices`` class or
    ``(code, label)`` pairs), never the raw code; an unknown code is shown as it is. Sorts by the code."""

    choices: Any = None

    def choice_label(self, code: Any) -> Any:
        choices = getattr(self.choices, "choices", self.choices) or ()
        for value, text in choices:
            if value == code:
                return str(text)
        return code

    def value(self, row: Any) -> Any:
        return self.choice_label(super().value(row))

    @property
    def prepares(self) -> bool:
        return True

    def prepare(self, value: Any, *extra: Any) -> Any:
        return self.choice_label(value)
