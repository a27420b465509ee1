"""Which ODBC driver talks to SQL Server: the first of a list that is installed on this host (seed 001's
"resilient multi-driver support"), so one configuration runs on a server with Microsoft's Driver 18, an older one
with Driver 17, or a plain Linux box with FreeTDS. Read by the settings (plain Python, no Django) and shown on
/healthz."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_DRIVERS = ("ODBC Driver 18 for SQL Server", "ODBC Driver 17 for SQL Server", "FreeTDS")
# FreeTDS needs the protocol version SQL Server 2008+ speaks (Microsoft's drivers negotiate it).
FREETDS_EXTRA = "TDS_Version=7.4"
MSSQL_ENGINES = {"mssql", "sql_server.pyodbc"}


def installed_drivers() -> list[str]:
    """The ODBC drivers unixODBC knows on this host (``odbcinst -q -d``); none without pyodbc."""
    try:
        import pyodbc
    except ImportError:
        return []
    return list(pyodbc.drivers())


def choose_driver(preferred: Iterable[str], installed: Iterable[str]) -> str | None:
    """The first of ``preferred`` that is installed, in the order given."""
    available = set(installed)
    return next((name for name in preferred if name in available), None)


def configure(database: dict, preferred: Iterable[str], installed: Iterable[str] | None = None) -> str | None:
    """For a SQL Server connection (Django ``DATABASES`` entry): set its driver to the first of ``preferred``
    installed here (a driver named in the URL is tried first) and return it; None for other engines, or when no
    driver of the list is installed (the connection then fails with the ODBC error naming the driver)."""
    if database.get("ENGINE") not in MSSQL_ENGINES:
        return None
    options = database.setdefault("OPTIONS", {})
    wanted = [options["driver"]] if options.get("driver") else []
    wanted += [name for name in preferred if name not in wanted]
    chosen = choose_driver(wanted, installed_drivers() if installed is None else installed)
    if chosen is None:
        return None
    options["driver"] = chosen
    if chosen == "FreeTDS" and "TDS_Version" not in options.get("extra_params", ""):
        options["extra_params"] = ";".join(p for p in (options.get("extra_params", ""), FREETDS_EXTRA) if p)
    return chosen
