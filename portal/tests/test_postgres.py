"""The portal on a real PostgreSQL, even when the suite itself runs on SQLite (bin/test runs it on both).

Runs ``manage.py`` in subprocesses against a throwaway cluster, as a deployment would: migrations apply to an
empty database, a second ``migrate`` has nothing to do, and plant data round-trips with its constraints enforced.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from portal.roles import ROLES

pytestmark = pytest.mark.postgres
BASE_DIR = Path(__file__).resolve().parent.parent.parent

ROUND_TRIP = """
import json
from django.db import IntegrityError, connection, transaction
from portal.models import Department, Facility, ProductionLine, User

facility = Facility.objects.create(code="MAIN", name="Planta Principal — Nº 1", time_zone="America/Monterrey")
line = ProductionLine.objects.create(facility=facility, code="L1", name="Línea 1")
department = Department.objects.create(name="Empaque")
department.lines.add(line)
user = User.objects.create_user("operador", password="a-long-test-password")
user.departments.add(department)
try:
    with transaction.atomic():
        ProductionLine.objects.create(facility=facility, code="L1", name="duplicate")
    duplicate = "accepted"
except IntegrityError:
    duplicate = "refused"
back = User.objects.get(username="operador")
print(json.dumps({
    "vendor": connection.vendor,
    "facility": Facility.objects.get(code="MAIN").name,
    "lines": list(back.departments.get().lines.values_list("facility__code", "code", "name")),
    "duplicate_line": duplicate,
}))
"""


def manage(env, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def migrated(postgres_server, tmp_path_factory):
    """Environment for manage.py with the portal database on a new PostgreSQL database, migrated once."""
    name = f"portal_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "ERP_", "TEST_", "REDIS_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DJANGO_SECRET_KEY": "postgres-test-only",
        "DATABASE_URL": postgres_server.url(name),
        "ERP_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('erp') / 'erp.sqlite3'}",
    }
    manage(env, "migrate", "--noinput")
    return env


def test_a_second_migrate_has_nothing_to_do(migrated):
    assert "No migrations to apply" in manage(migrated, "migrate", "--noinput").stdout


def test_plant_data_round_trips_with_constraints_enforced(migrated):
    result = json.loads(manage(migrated, "shell", "--no-imports", "-c", ROUND_TRIP).stdout.strip().splitlines()[-1])
    assert result == {
        "vendor": "postgresql",
        "facility": "Planta Principal — Nº 1",
        "lines": [["MAIN", "L1", "Línea 1"]],
        "duplicate_line": "refused",
    }


def test_roles_and_beat_schedule_are_created_on_postgresql(migrated):
    manage(migrated, "sync_periodic_tasks")
    with psycopg.connect(migrated["DATABASE_URL"]) as conn:
        groups = {row[0] for row in conn.execute("SELECT name FROM auth_group")}
        tasks = {row[0] for row in conn.execute("SELECT task FROM django_celery_beat_periodictask")}
    assert groups >= set(ROLES)  # post-migrate synced the role groups
    assert "portal.tasks.purge_login_history" in tasks


def test_the_demo_data_builds_on_postgresql(migrated):
    """Every module's demo setup runs on PostgreSQL too (row locks over outer joins are refused there, not on
    SQLite: planning's exception detection was, until the lock named only its own table)."""
    manage(migrated, "portal_demo")
    manage(migrated, "portal_demo")  # and again: safe to re-run
