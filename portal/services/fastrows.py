"""Reading many rows fast: timestamps as POSIX seconds computed by the database, rows straight from the cursor.

Used where a report reads a year of rows (OEE: downtime stops and production movements, see docs/oee.md): Django's
per-row iteration and per-value converters cost as much as the computation itself. The compiled SQL is the
queryset's own, so scoping and filters stay the ORM's; only who unpacks the rows changes.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import FloatField, Func


class Epoch(Func):
    """A timestamp as POSIX seconds (a float) computed by the database.

    Reading a year of timestamps as datetimes costs more than the OEE engine itself (Django's per-value converters
    on SQLite, its Python-level timestamptz loader on PostgreSQL), a float column does not.
    """

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::double precision",
                           **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # julianday() is a double of days: rounded to whole milliseconds (integer cast, cheaper than round()) it
        # gives the stored seconds back exactly
        return self.as_sql(compiler, connection, template=(
            "(CAST((julianday(%(expressions)s) - 2440587.5) * 86400000.0 + 0.5 AS INTEGER) / 1000.0)"), **extra)

    def as_microsoft(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="(CAST(DATEDIFF_BIG(millisecond, '19700101', %(expressions)s) AS FLOAT) / 1000.0)",
                           **extra)


def cursor_rows(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset straight from the database cursor (no per-row converters)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
