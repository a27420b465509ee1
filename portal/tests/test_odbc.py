"""The SQL Server ODBC driver: the first installed of a list, tried in order, shown on /healthz (issue 33 §10)."""

import pytest

from portal.odbc import DEFAULT_DRIVERS, configure, installed_drivers

DRIVER_18, DRIVER_17, FREETDS = DEFAULT_DRIVERS


def _mssql(url_driver: str = "") -> dict:
    return {"ENGINE": "mssql", "NAME": "ERPPROD", "OPTIONS": {"driver": url_driver} if url_driver else {}}


@pytest.mark.parametrize(("installed", "expected"), [
    ([FREETDS, DRIVER_17, DRIVER_18], DRIVER_18),
    ([FREETDS, DRIVER_17], DRIVER_17),
    ([FREETDS], FREETDS),
    (["Some other driver"], None),
])
def test_the_first_driver_of_the_list_that_is_installed_is_used(installed, expected):
    database = _mssql()
    assert configure(database, DEFAULT_DRIVERS, installed) == expected
    assert database["OPTIONS"].get("driver") == expected


def test_freetds_gets_its_protocol_version_and_a_driver_named_in_the_url_is_tried_first():
    database = _mssql()
    configure(database, DEFAULT_DRIVERS, [FREETDS])
    assert database["OPTIONS"]["extra_params"] == "TDS_Version=7.4"
    named = _mssql(DRIVER_17)
    assert configure(named, DEFAULT_DRIVERS, [DRIVER_17, DRIVER_18]) == DRIVER_17
    missing = _mssql("ODBC Driver 13 for SQL Server")  # named in the URL but not installed: the list goes on
    assert configure(missing, DEFAULT_DRIVERS, [DRIVER_17]) == DRIVER_17


def test_other_engines_are_left_alone_and_this_hosts_real_drivers_are_read():
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    assert configure(sqlite, DEFAULT_DRIVERS, [DRIVER_18]) is None and "OPTIONS" not in sqlite
    # The real unixODBC registry of this host (pyodbc): whatever is installed, the choice follows the list
    installed = installed_drivers()
    chosen = configure(_mssql(), DEFAULT_DRIVERS)
    assert chosen == next((d for d in DEFAULT_DRIVERS if d in installed), None)


@pytest.mark.django_db(databases=["default", "erp"])
def test_the_health_page_shows_the_driver_in_use(client, settings, erp_data, monkeypatch):
    assert "erp_db_driver" not in client.get("/healthz").json()  # SQLite here: no ODBC driver to show
    # Read the test ERP as if it were SQL Server (only SQL Server is never run in the tests)
    monkeypatch.setattr("portal.views.health.MSSQL_ENGINES", {settings.DATABASES["erp"]["ENGINE"]})
    settings.ODBC_DRIVER_IN_USE = {"erp": DRIVER_17}
    assert client.get("/healthz").json()["erp_db_driver"] == DRIVER_17
    settings.ODBC_DRIVER_IN_USE = {}
    assert client.get("/healthz").json()["erp_db_driver"].startswith("none of ODBC Driver 18")
