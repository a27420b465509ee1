"""The ERP down or slow: ERP pages say "ERP unavailable" within a bounded time, floor entry keeps working, and
/healthz reports the ERP as down while the portal itself stays up."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.apps import apps
from django.db import connections

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


@contextmanager
def erp_connection(settings_dict: dict) -> Iterator[None]:
    """Serve the requests of this test with another ERP connection (a real driver against a real failure)."""
    original = connections["erp"]
    engine = settings_dict["ENGINE"]
    module = __import__(f"{engine}.base", fromlist=["DatabaseWrapper"])
    replacement = module.DatabaseWrapper({**original.settings_dict, **settings_dict}, alias="erp")
    connections["erp"] = replacement
    try:
        yield
    finally:
        replacement.close()
        connections["erp"] = original


UNREACHABLE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent/erp/erp.sqlite3", "OPTIONS": {}}


def test_erp_pages_say_unavailable_and_the_api_answers_503(client, role_user):
    client.force_login(role_user("Production_Portal_Admin"))
    with erp_connection(UNREACHABLE):
        page = client.get("/erp/bom/")
        api = client.get("/api/erp/boms/")
    assert page.status_code == 503 and "The ERP is unavailable right now" in page.content.decode()
    assert page["Retry-After"] == "60"
    assert api.status_code == 503 and "ERP is unavailable" in api.json()["detail"]


def test_floor_entry_and_other_pages_keep_working_while_the_erp_is_down(client, role_user, plant):
    client.force_login(role_user("DowntimeTracker_User"))
    with erp_connection(UNREACHABLE):
        assert client.get("/downtime/").status_code == 200
        assert client.get("/").status_code == 200


def test_healthz_reports_the_erp_down_while_the_portal_answers(client):
    with erp_connection(UNREACHABLE):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**response.json(), "portal_db": "ok", "erp_db": "down", "status": "degraded"}


@pytest.mark.postgres
def test_a_slow_erp_is_cut_off_by_the_statement_timeout(client, role_user, postgres_server):
    """A locked ERP table makes every read wait; the statement timeout turns the wait into "ERP unavailable"."""
    dsn = f"host=127.0.0.1 port={postgres_server.port} user=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS erp_slow")
        admin.execute("CREATE DATABASE erp_slow")
    slow = {"ENGINE": "django.db.backends.postgresql", "NAME": "erp_slow", "USER": "postgres", "PASSWORD": "",
            "HOST": "127.0.0.1", "PORT": str(postgres_server.port),
            "OPTIONS": {"options": "-c statement_timeout=1000", "connect_timeout": 2}}
    client.force_login(role_user("Production_Portal_Admin"))
    with erp_connection(slow):
        with connections["erp"].schema_editor() as editor:
            for model in apps.get_app_config("erp").get_models():
                editor.create_model(model)
        with psycopg.connect(f"{dsn} dbname=erp_slow") as locker:  # holds the lock until the block ends
            locker.execute("LOCK TABLE erp_bom_header, erp_bom_line, erp_part IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            page = client.get("/erp/bom/")
            elapsed = time.monotonic() - started
    assert page.status_code == 503 and "The ERP is unavailable right now" in page.content.decode()
    assert elapsed < 5, f"the page waited {elapsed:.1f} s for a locked ERP"
