"""manage.py backup_check: the backup restores into a new database with every row (PostgreSQL and SQLite)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ADD_ROWS = """
from portal.models import Facility, ProductionLine
facility = Facility.objects.create(code="BK", name="Backup plant", time_zone="America/Chicago")
for n in range(25):
    ProductionLine.objects.create(facility=facility, code=f"B{n}", name=f"Línea {n}")
"""


def _env(database_url: str, tmp_path: Path) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "ERP_", "TEST_", "REDIS_"))}
    return {**clean, "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_SECRET_KEY": "backup-test-only",
            "DATABASE_URL": database_url, "ERP_DATABASE_URL": f"sqlite:///{tmp_path / 'erp.sqlite3'}"}


def _manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=300)


def _prepare(env) -> None:
    for args in (("migrate", "--noinput"), ("shell", "--no-imports", "-c", ADD_ROWS)):
        done = _manage(env, *args)
        assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.postgres
def test_postgresql_backup_restores_into_a_new_database_with_every_row(postgres_server, tmp_path):
    name = f"portal_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = _env(postgres_server.url(name), tmp_path)
    _prepare(env)
    done = _manage(env, "backup_check", "--output", str(tmp_path / "backups"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "restored into a new database" in done.stdout and "schema current" in done.stdout
    dumps = list((tmp_path / "backups").glob("portal-*.dump"))
    assert len(dumps) == 1 and dumps[0].stat().st_size > 10_000
    with psycopg.connect(postgres_server.url("postgres")) as conn:  # the scratch database is gone
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{name}_restore%",)).fetchall()
    assert left == []


def test_sqlite_backup_is_checked_row_by_row(tmp_path):
    env = _env(f"sqlite:///{tmp_path / 'portal.sqlite3'}", tmp_path)
    _prepare(env)
    done = _manage(env, "backup_check", "--output", str(tmp_path / "backups"))
    assert done.returncode == 0, done.stderr[-2000:]
    copy = next((tmp_path / "backups").glob("portal-*.sqlite3"))
    import sqlite3

    with sqlite3.connect(copy) as restored:
        assert restored.execute("SELECT count(*) FROM portal_productionline WHERE code LIKE 'B%'").fetchone()[0] == 25
