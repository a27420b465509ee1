"""The only code that writes ERP tables: the demo ERP (`manage.py erp_demo`) and the test ERP database.

It creates the contract's views as plain tables with Django's schema editor (drop + create, with the models'
indexes) and inserts rows with parameterised ``executemany`` in one transaction, so a failure leaves the previous
data as it was. It refuses unless ``settings.ERP_DEMO_WRITABLE`` is true (false in production), and it refuses a
database where the contract names are views: that is a real ERP.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections, models, transaction

from erp.models import ERP_MODELS, ErpModel
from erp.router import ERP_DB

from .contract import COLUMNS

BATCH_SIZE = 5000


class ErpDemoRefused(Exception):
    """Writing the ERP tables is not allowed here (production, or a real ERP behind the connection)."""


MODELS_BY_VIEW: dict[str, type[ErpModel]] = {model._meta.db_table: model for model in ERP_MODELS}


def check_writable(using: str = ERP_DB) -> None:
    if not getattr(settings, "ERP_DEMO_WRITABLE", False):
        raise ErpDemoRefused(
            "ERP_DEMO_WRITABLE is false: this installation reads a real ERP, so the demo ERP tables are not "
            "written. Set ERP_DEMO_WRITABLE=true only for a demo or test ERP database."
        )
    connection = connections[using]
    with connection.cursor() as cursor:
        views = sorted(
            info.name for info in connection.introspection.get_table_list(cursor)
            if info.type == "v" and info.name in MODELS_BY_VIEW
        )
    if views:
        raise ErpDemoRefused(
            f"The '{using}' database has the ERP contract as views ({', '.join(views)}): it is a real ERP, "
            "and the demo writer never touches it."
        )


def rebuild(tables: Mapping[str, Sequence[tuple]], *, using: str = ERP_DB) -> dict[str, int]:
    """Drop and create every ERP table (with indexes), then load ``tables`` (view -> rows in COLUMNS order).

    All in one transaction: on any error nothing changes. Views missing from ``tables`` are created empty.
    """
    check_writable(using)
    _check_known(tables)
    connection = connections[using]
    with _schema_transaction(connection), connection.schema_editor(atomic=False) as editor:
        existing = set(connection.introspection.table_names())
        for model in reversed(ERP_MODELS):
            if model._meta.db_table in existing:
                editor.delete_model(model)
        for model in ERP_MODELS:
            editor.create_model(model)
        for view in COLUMNS:
            _insert(connection, view, COLUMNS[view], tables.get(view, ()))
        # Indexes after the rows: building them once is faster than maintaining them row by row.
        for model in ERP_MODELS:
            for index in _indexes(model, connection):
                editor.add_index(model, index)
    return {view: len(tables.get(view, ())) for view in COLUMNS}


def replace_rows(tables: Mapping[str, Sequence[tuple]], *, using: str = ERP_DB) -> dict[str, int]:
    """Empty every ERP table and load ``tables``, without DDL (the tables must exist). One transaction."""
    check_writable(using)
    _check_known(tables)
    connection = connections[using]
    with transaction.atomic(using=using):
        _delete_all(connection)
        for view in COLUMNS:
            _insert(connection, view, COLUMNS[view], tables.get(view, ()))
    return {view: len(tables.get(view, ())) for view in COLUMNS}


def clear(*, using: str = ERP_DB) -> None:
    """Empty every ERP table (the tables stay)."""
    check_writable(using)
    with transaction.atomic(using=using):
        _delete_all(connections[using])


def insert_rows(model: type[ErpModel], rows: Iterable[Mapping[str, Any]], *, using: str = ERP_DB) -> int:
    """Insert rows given as dicts of column names (e.g. ``part_number``) -> values. Returns the count.

    Every row must name the same columns; columns left out take the database default (NULL).
    """
    check_writable(using)
    rows = list(rows)
    if not rows:
        return 0
    columns = tuple(rows[0])
    known = {field.column for field in model._meta.concrete_fields}
    unknown = [column for column in columns if column not in known]
    if unknown:
        raise ValueError(f"{model._meta.db_table} has no column {', '.join(unknown)}")
    values = []
    for row in rows:
        if tuple(row) != columns:
            raise ValueError(f"Every row for {model._meta.db_table} must name the same columns, in the same order")
        values.append(tuple(row.values()))
    connection = connections[using]
    with transaction.atomic(using=using):
        _insert(connection, model._meta.db_table, columns, values)
    return len(values)


# --- internals ----------------------------------------------------------------------------------------------
def _check_known(tables: Mapping[str, Sequence[tuple]]) -> None:
    unknown = sorted(set(tables) - set(COLUMNS))
    if unknown:
        raise ValueError(f"Not views of the ERP contract: {', '.join(unknown)}")


@contextmanager
def _schema_transaction(connection):
    """A transaction that may hold DDL. SQLite's schema editor needs foreign key checks off before it begins."""
    is_sqlite = connection.vendor == "sqlite"
    if is_sqlite and not connection.in_atomic_block:
        connection.disable_constraint_checking()
    try:
        with transaction.atomic(using=connection.alias):
            yield
    finally:
        if is_sqlite and not connection.in_atomic_block:
            connection.enable_constraint_checking()


def _delete_all(connection) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in reversed(ERP_MODELS):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608 - table names are ours


def _insert(connection, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Parameterised executemany of multi-row INSERTs: one round trip per batch, not per row (PostgreSQL,
    SQL Server), within the backend's limit on parameters per statement."""
    if not rows:
        return
    quote = connection.ops.quote_name
    per_statement = _rows_per_statement(connection, len(columns))
    one_row = "({})".format(", ".join(["%s"] * len(columns)))

    def statement(count: int) -> str:
        return "INSERT INTO {} ({}) VALUES {}".format(  # noqa: S608 - identifiers are the contract's; values are params
            quote(table), ", ".join(quote(c) for c in columns), ", ".join([one_row] * count)
        )

    full = len(rows) // per_statement * per_statement
    step = per_statement * max(1, BATCH_SIZE // per_statement)
    with connection.cursor() as cursor:
        for start in range(0, full, step):
            stop = min(start + step, full)
            cursor.executemany(statement(per_statement), [
                [value for row in rows[first : first + per_statement] for value in row]
                for first in range(start, stop, per_statement)
            ])
        if full < len(rows):
            rest = rows[full:]
            cursor.executemany(statement(len(rest)), [[value for row in rest for value in row]])


def _rows_per_statement(connection, width: int) -> int:
    limit = connection.features.max_query_params
    if connection.vendor == "microsoft":
        limit = min(limit or 2100, 2100) - 1  # SQL Server: at most 2,100 parameters and 1,000 rows per VALUES
        return max(1, min(1000, limit // width))
    return max(1, min(500, (limit or 10_000) // width))


def _indexes(model: type[ErpModel], connection) -> list[models.Index]:
    """The model's Meta.indexes plus one per db_index field not already leading another index.

    The schema editor skips indexes of unmanaged models, so the writer adds them itself.
    """
    indexes = list(model._meta.indexes)
    leading = {model._meta.get_field(index.fields[0].lstrip("-")).column for index in indexes if index.fields}
    leading |= {
        model._meta.get_field(constraint.fields[0]).column
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    }
    for field in model._meta.concrete_fields:
        if field.db_index and not field.primary_key and not field.unique and field.column not in leading:
            indexes.append(models.Index(fields=[field.name], name=_index_name(connection, model, field.column)))
    return indexes


def _index_name(connection, model: type[ErpModel], column: str) -> str:
    name = f"{model._meta.db_table}_{column}_ix"
    limit = connection.ops.max_name_length() or 128
    if len(name) > limit:
        digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:8]
        name = f"{name[: limit - 9]}_{digest}"
    return name
