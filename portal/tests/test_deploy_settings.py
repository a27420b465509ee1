"""Production settings: `check --deploy` is clean with the documented variables, and missing secrets stop start-up.

Each case runs in a subprocess with an explicit environment, since settings are read once per process. The
project's .env is not read there, so a developer's local .env cannot change the outcome.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Ignore the project's .env (settings call Env.read_env), then run manage.py with the given arguments.
RUNNER = (
    "import sys, environ; environ.Env.read_env = classmethod(lambda *a, **k: None); "
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', *sys.argv[1:]])"
)


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "ERP_", "REDIS_"))}
    environment = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "ERP_DATABASE_URL": f"sqlite:///{tmp_path / 'erp.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        **env,
    }
    environment = {k: v for k, v in environment.items() if v is not None}
    command = [sys.executable, "-c", RUNNER, *args]
    return subprocess.run(command, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120)


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.plant.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    "database_url",
    [
        None,  # SQLite (the fixture's default)
        "mssql://portal:pw@sql.plant.example:1433/ProductionDB?driver=ODBC+Driver+18+for+SQL+Server",
        "postgres://portal:pw@db.plant.example:5432/portal",
    ],
    ids=["sqlite", "sqlserver", "postgresql"],
)
def test_check_deploy_is_clean_with_the_documented_variables(tmp_path, database_url):
    env = dict(PRODUCTION_ENV)
    if database_url:
        env["DATABASE_URL"] = database_url
        env["ERP_DATABASE_URL"] = database_url.replace("ProductionDB", "ERP").replace("/portal", "/erp")
    done = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(tmp_path, missing):
    env = {**PRODUCTION_ENV, missing: None}
    done = manage(tmp_path, "check", **env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert f"Set the {missing} environment variable" in done.stderr


def test_production_turns_off_debug_and_forces_https(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.ERP_DEMO_WRITABLE)"
    )
    done = manage(tmp_path, "shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True", "True", "False"]


def settings_variables() -> set[str]:
    """Every environment variable the settings read (``env.str("NAME", ...)``, ``env.db("NAME")``, ...)."""
    pattern = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
    files = (BASE_DIR / "portal" / "settings").glob("*.py")
    return {name for path in files for name in pattern.findall(path.read_text())}


def test_every_settings_variable_is_documented_in_env_example_and_readme():
    variables = settings_variables()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= variables  # the scan itself works
    example = (BASE_DIR / ".env.example").read_text()
    readme = (BASE_DIR / "README.md").read_text()
    assert sorted(v for v in variables if not re.search(rf"^# ?{v}=", example, re.MULTILINE)) == [], ".env.example"
    assert sorted(v for v in variables if f"`{v}`" not in readme) == [], "README.md, Configuration"
