"""Prove that an installed portal upgrades with `migrate` alone and loses nothing.

    .venv/bin/python scripts/check_upgrade.py BASE      (BASE: a commit, e.g. the last release's tag)

The portal of commit BASE (exported from git into a temporary folder) migrates a fresh database and loads the demo;
then this checkout migrates the same database. Before and after, every table's row count and every permission that
a group or a user holds are read; the check fails when a row or a held permission is gone. Runs on the embedded
SQLite default in a temporary folder, or on the database that UPGRADE_DATABASE_URL names (it must be empty).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SNAPSHOT = """
import json
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from portal.models import User
tables = sorted(connection.introspection.table_names())
with connection.cursor() as cursor:
    counts = {}
    for table in tables:
        cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
        counts[table] = cursor.fetchone()[0]
held = sorted(f"group {g.name}: {p.content_type.app_label}.{p.codename}"
              for g in Group.objects.prefetch_related("permissions__content_type") for p in g.permissions.all())
held += sorted(f"user {u.username}: {p.content_type.app_label}.{p.codename}"
               for u in User.objects.prefetch_related("user_permissions__content_type")
               for p in u.user_permissions.all())
print("SNAPSHOT" + json.dumps({"counts": counts, "held": held}))
"""


def manage(tree: Path, env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{tree.name}: manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def snapshot(tree: Path, env: dict) -> dict:
    out = manage(tree, env, "shell", "-c", SNAPSHOT)
    return json.loads(out.split("SNAPSHOT", 1)[1])


def export(commit: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=__import__("io").BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


# Data that a migration moved on purpose, old home -> new home: its rows must all be in the new table, and who held a
# permission on the old model holds the same permission on the new one.
MOVED_TABLES = {  # issue 31: maintenance's working days and holidays became the core's working calendar
    "maintenance_workingdays": "portal_workingdays",
    "maintenance_holiday": "portal_holiday",
}
MOVED_MODELS = {"maintenance.workingdays": "portal.workingdays", "maintenance.holiday": "portal.holiday"}
# A role's permissions that the role matrix takes away on purpose (a user granted one personally keeps it).
REVOKED_BY_DESIGN = {  # issue 33 §4, the seed's module notes: MRP dashboard and customer analysis are for admins
    "group Scheduling_User: portal.use_mrp",
    "group Scheduling_User: portal.view_customer_analysis",
}


def _moved(line: str) -> str:
    """A held permission, in the words of the model's new home."""
    who, _, perm = line.rpartition(": ")
    app, _, codename = perm.partition(".")
    action, _, model = codename.partition("_")
    new = MOVED_MODELS.get(f"{app}.{model}")
    return f"{who}: {new.split('.')[0]}.{action}_{new.split('.')[1]}" if new else line


def compare(before: dict, after: dict) -> list[str]:
    problems = []
    for table, count in before["counts"].items():
        home = table if table in after["counts"] else MOVED_TABLES.get(table)
        if home is None or home not in after["counts"]:
            problems.append(f"table {table} ({count} rows) is gone")
        elif after["counts"][home] < count:
            problems.append(f"table {table}: {count} rows before, {after['counts'][home]} after (in {home})")
    lost = sorted({_moved(line) for line in before["held"]} - set(after["held"]) - REVOKED_BY_DESIGN)
    problems += [f"permission no longer held: {line}" for line in lost]
    return problems


def main(base: str) -> int:
    with tempfile.TemporaryDirectory(prefix="portal-upgrade-") as tmp:
        tmp = Path(tmp)
        old = export(base, tmp / "old")
        # The portal as installed (not the test settings pytest may have put in the environment)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "true",
               "CELERY_TASK_ALWAYS_EAGER": "true"}
        env["DATABASE_URL"] = os.environ.get("UPGRADE_DATABASE_URL", f"sqlite:///{tmp / 'portal.sqlite3'}")
        env["ERP_DATABASE_URL"] = f"sqlite:///{tmp / 'erp.sqlite3'}"
        (old / "var").mkdir(exist_ok=True)
        manage(old, env, "migrate", "--noinput", "-v", "0")
        manage(old, env, "portal_demo")
        before = snapshot(old, env)
        plan = manage(ROOT, env, "migrate", "--plan")
        manage(ROOT, env, "migrate", "--noinput", "-v", "0")
        after = snapshot(ROOT, env)
    problems = compare(before, after)
    rows_before, rows_after = sum(before["counts"].values()), sum(after["counts"].values())
    print(f"upgrade from {base}: {len(before['counts'])} tables / {rows_before} rows before, "
          f"{len(after['counts'])} tables / {rows_after} rows after; permissions held: {len(before['held'])} before, "
          f"{len(after['held'])} after")
    print("migrations applied by the upgrade:", "\n  ".join([""] + [line.strip() for line in plan.splitlines()[1:]])
          or " none")
    for problem in problems:
        print("LOST:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
