"""Demo install: the demo ERP, one demo user per role (random passwords), and each app's demo steps
(portal/demo.py: the plant matching the demo ERP first, then every module's data).

Idempotent: a second run changes nothing and prints the same logins again (kept per database in
var/demo-logins-<database>.txt, which only the demo writes; no password is ever in the code).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections, transaction
from django.test.utils import override_settings
from django.utils.text import slugify

from portal.demo import HISTORY_DAYS, PLANT_ORDER, DemoStep, demo_steps
from portal.models import Department, User
from portal.roles import ROLES, sync_roles

LOCAL_ADMIN = "production_portal_admin"
DEMO_USERS = {
    "demo_downtime_admin": "DowntimeTracker_Admin",
    "demo_operator": "DowntimeTracker_User",
    "demo_scheduler": "Scheduling_Admin",
    "demo_planner": "Scheduling_User",
    "demo_portal_admin": "Production_Portal_Admin",
    "demo_production_operator": "Production_Operator",
    "demo_production_admin": "Production_Admin",
    "demo_finance": "Finance",
    "demo_planning_admin": "Planning_Admin",
    "demo_job_planner": "Planner",
    "demo_laser_operator": "Laser_Operator",
    "demo_laser_manager": "Laser_Manager",
    "demo_laser_admin": "Laser_Admin",
    "demo_quality_inspector": "Quality_Inspector",
    "demo_quality_admin": "Quality_Admin",
    "demo_technician": "Maintenance_Technician",
    "demo_maintenance_admin": "Maintenance_Admin",
}


def _logins_file() -> Path:
    """The logins of THIS database's demo: ``var/demo-logins-<database>.txt``, so a second demo database (another
    DATABASE_URL) on the same checkout keeps its own and the first one's printed logins keep working."""
    return Path(settings.VAR_DIR) / f"demo-logins-{database_label()}.txt"


def database_label() -> str:
    """A file-name-safe name of the portal database: the SQLite file's name, or host-port-name of a server."""
    db = connections["default"].settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return slugify(Path(str(db["NAME"])).stem) or "sqlite"
    return slugify(f"{db.get('HOST') or 'localhost'}-{db.get('PORT') or ''}-{db['NAME']}")


LEGACY_LOGINS = "demo-logins.txt"  # one file for every database, before issue 29: read once for the default one


def _erp_is_empty() -> bool:
    part = apps.get_model("erp", "Part")  # by name: the core imports no module app
    with connections["erp"].cursor() as cursor:
        if part._meta.db_table not in connections["erp"].introspection.table_names(cursor):
            return True
    return not part.objects.exists()


class Command(BaseCommand):
    help = "Create the demo: demo ERP (when empty), plant data and one demo user per role. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--erp-scale", type=float, default=1, help="Scale of the demo ERP when it is built.")
        parser.add_argument("--rebuild-erp", action="store_true", help="Rebuild the demo ERP even if it has data.")
        parser.add_argument("--history-days", type=int, default=None,
                            help=f"Days of history the first run generates (default {HISTORY_DAYS}).")

    def handle(self, *args, erp_scale: float, rebuild_erp: bool, history_days: int | None = None, **options):
        if history_days is not None:
            with override_settings(DEMO_HISTORY_DAYS=history_days):
                return self.handle(erp_scale=erp_scale, rebuild_erp=rebuild_erp, **options)
        if rebuild_erp or _erp_is_empty():
            call_command("erp_demo", scale=erp_scale, stdout=self.stdout)
        sync_roles()
        self.timings: dict[str, float] = {}  # seconds per step (bench/bench_demo.py reads them)
        steps = demo_steps()
        with transaction.atomic():
            for step in steps:
                if step.in_transaction and step.order <= PLANT_ORDER:
                    self._run(step)
            logins = self._users()
            self._floor_departments()
            for step in steps:
                if step.in_transaction and step.order > PLANT_ORDER:
                    self._run(step)
        for step in steps:
            if not step.in_transaction:
                self._run(step)
        self._print_logins(logins)

    def _run(self, step: DemoStep) -> None:
        started = time.perf_counter()
        step.run()
        self.timings[step.name] = time.perf_counter() - started
        self.stdout.write(f"Demo: {step.name} ({self.timings[step.name]:.1f} s)")

    def _floor_departments(self) -> None:
        """Floor users work on their department's lines only (portal/services/scoping.py fails closed): the demo's
        downtime and production operators belong to the first facility's production department."""
        department = Department.objects.order_by("pk").first()
        if department is None:
            return
        for user in User.objects.filter(username__in=("demo_operator", "demo_production_operator")):
            user.departments.add(department)

    def _users(self) -> dict[str, tuple[str, str]]:
        stored = self._read_logins()
        logins: dict[str, tuple[str, str]] = {}
        wanted = {LOCAL_ADMIN: "Production_Portal_Admin", **DEMO_USERS}
        for username, role in wanted.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": role.replace("_", " ")}
            )
            if created or username not in stored or not user.check_password(stored[username]):
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                if username == LOCAL_ADMIN:  # the seed's local fallback account: full permissions
                    user.is_superuser = True
                    user.is_staff = True
                user.save()
            else:
                password = stored[username]
            user.groups.add(Group.objects.get(name=role))
            logins[username] = (role, password)
        self._write_logins(logins)
        return logins

    def _read_logins(self) -> dict[str, str]:
        path = _logins_file()
        legacy = Path(settings.VAR_DIR) / LEGACY_LOGINS
        if not path.exists() and legacy.exists() and database_label() == "portal":  # var/portal.sqlite3's logins
            path = legacy
        if not path.exists():
            return {}
        pairs = (line.split("\t") for line in path.read_text().splitlines() if line.count("\t") == 2)
        return {username: password for username, _role, password in pairs}

    def _write_logins(self, logins: dict[str, tuple[str, str]]) -> None:
        path = _logins_file()
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(f"{u}\t{r}\t{p}\n" for u, (r, p) in logins.items()))
        path.chmod(0o600)

    def _print_logins(self, logins: dict[str, tuple[str, str]]) -> None:
        path = _logins_file()
        shown = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (local accounts; kept in {shown}):"))
        width = max(len(u) for u in logins)
        for username, (role, password) in logins.items():
            self.stdout.write(f"  {username:<{width}}  {password}  ({role})")
        self.stdout.write("")
        unused = set(ROLES) - {role for role, _ in logins.values()}
        if unused:
            self.stdout.write(self.style.WARNING(f"Roles without a demo user: {', '.join(sorted(unused))}"))
