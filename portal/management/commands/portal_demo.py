"""Demo install: plant data matching the demo ERP, one demo user per role (random passwords), the demo ERP.

Idempotent: a second run changes nothing and prints the same logins again (kept in var/demo-logins.txt, which
only the demo writes; no password is ever in the code).
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections, transaction

from portal.models import Department, Facility, Machine, ProductionCapacity, ProductionLine, Shift, User
from portal.roles import ROLES, sync_roles

DEMO_SHIFTS = [
    ("Day", dt.time(6), dt.time(14)),
    ("Swing", dt.time(14), dt.time(22)),
    ("Night", dt.time(22), dt.time(6)),
]
DEMO_CATEGORIES = [
    ("Mechanical", "#dc3545", ["Jam", "Breakdown", "Sensor fault"]),
    ("Material", "#fd7e14", ["Shortage", "Wrong component", "Quality hold"]),
    ("Changeover", "#0d6efd", ["Size change", "Product change", "Cleaning"]),
    ("Quality", "#6f42c1", ["Out of spec", "Waiting for QC release"]),
    ("Planned", "#198754", ["Break", "Meeting", "Preventive maintenance"]),
]
# Machines of every demo line: (code suffix, name, machine type); the line's own process machine comes first.
DEMO_MACHINES = [
    ("M1", "{line} main machine", "process"),
    ("M2", "Labeler", "labeler"),
    ("M3", "Case packer", "case packer"),
]
DEMO_QUICK_NOTES = ["Maintenance called", "Waiting for forklift", "Supervisor informed", "Restarted after adjustment"]
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
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def _erp_is_empty() -> bool:
    from erp.models import Part

    with connections["erp"].cursor() as cursor:
        if Part._meta.db_table not in connections["erp"].introspection.table_names(cursor):
            return True
    return not Part.objects.exists()


class Command(BaseCommand):
    help = "Create the demo: demo ERP (when empty), plant data and one demo user per role. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--erp-scale", type=float, default=1, help="Scale of the demo ERP when it is built.")
        parser.add_argument("--rebuild-erp", action="store_true", help="Rebuild the demo ERP even if it has data.")

    def handle(self, *args, erp_scale: float, rebuild_erp: bool, **options):
        if rebuild_erp or _erp_is_empty():
            call_command("erp_demo", scale=erp_scale, stdout=self.stdout)
        sync_roles()
        with transaction.atomic():
            self._plant()
            self._downtime_setup()
            logins = self._users()
            self._floor_departments()
            self._production_setup()
            self._quality_setup()
            self._laser_setup()
            self._planning_setup()
            self._maintenance_setup()
        self._first_mrp_run()
        self._print_logins(logins)

    def _plant(self) -> None:
        from erp.demo.plant import FACILITIES, LINES

        for facility_spec in FACILITIES:
            facility, _ = Facility.objects.get_or_create(
                code=facility_spec.code,
                defaults={
                    "name": facility_spec.name, "erp_code": facility_spec.code, "time_zone": facility_spec.time_zone
                },
            )
            for name, start, end in DEMO_SHIFTS:
                Shift.objects.get_or_create(
                    facility=facility, name=name, defaults={"start_time": start, "end_time": end}
                )
        for line_spec in LINES:
            facility = Facility.objects.get(code=line_spec.facility_code)
            line, created = ProductionLine.objects.get_or_create(
                facility=facility, code=line_spec.code,
                defaults={"name": line_spec.name, "erp_line_code": line_spec.code},
            )
            for shift in facility.shifts.all():
                ProductionCapacity.objects.get_or_create(line=line, shift=shift, defaults={"units_per_shift": 1200})
            for suffix, name, machine_type in DEMO_MACHINES:
                Machine.objects.get_or_create(
                    line=line, code=f"{line.code}-{suffix}",
                    defaults={"name": name.format(line=line.name), "machine_type": machine_type},
                )
            department, _ = Department.objects.get_or_create(name=f"{facility.name} production")
            department.lines.add(line)

    def _downtime_setup(self) -> None:
        """Reason codes and quick notes so the tablet page is usable at once (admins edit them in the admin)."""
        from downtime.models import Category, QuickNote

        for order, (main, colour, subs) in enumerate(DEMO_CATEGORIES, start=1):
            parent, _ = Category.objects.get_or_create(
                parent=None, name=main, defaults={"colour": colour, "sort_order": order * 10}
            )
            for sub_order, sub in enumerate(subs, start=1):
                Category.objects.get_or_create(
                    parent=parent, name=sub, defaults={"colour": colour, "sort_order": sub_order * 10}
                )
        for facility in Facility.objects.all():
            for order, text in enumerate(DEMO_QUICK_NOTES, start=1):
                QuickNote.objects.get_or_create(facility=facility, text=text, defaults={"sort_order": order * 10})

    def _quality_setup(self) -> None:
        from quality.demo import load

        load()

    def _floor_departments(self) -> None:
        """Floor users work on their department's lines only (portal/services/scoping.py fails closed): the demo's
        downtime and production operators belong to the first facility's production department."""
        from portal.models import User

        department = Department.objects.order_by("pk").first()
        if department is None:
            return
        for user in User.objects.filter(username__in=("demo_operator", "demo_production_operator")):
            user.departments.add(department)

    def _production_setup(self) -> None:
        """The production operator works in the first facility's department; a few orders are under way."""
        from portal.models import User
        from production.models import Movement
        from production.services import record_movement

        department = Department.objects.order_by("pk").first()
        operator = User.objects.filter(username="demo_production_operator").first()
        if department is None or operator is None or Movement.objects.exists():
            return
        lines = list(department.lines.order_by("code")[:2])
        for n, line in enumerate(lines):
            for k in range(3):
                number = f"PO-{1000 + n * 10 + k}"
                record_movement(user=operator, line=line, order_number=number, direction="IN",
                                quantity=100 + 25 * k, idempotency_key=f"demo-{number}-in")
                record_movement(user=operator, line=line, order_number=number, direction="OUT",
                                quantity=40 + 10 * k, idempotency_key=f"demo-{number}-out")

    def _planning_setup(self) -> None:
        """Job planning (issue 11): a routing and a dozen scheduled orders, exceptions detected."""
        from planning.demo import build_demo

        build_demo()

    def _laser_setup(self) -> None:
        """The laser job shop (issue 16): projects in every stage, runs, stock and yesterday's report."""
        from laser.demo import build_demo

        build_demo()

    def _maintenance_setup(self) -> None:
        """Maintenance (issue 14): tickets in several states, preventive plans with checklists."""
        from maintenance.demo import load

        load()

    def _first_mrp_run(self) -> None:
        """The MRP pages read a stored run: make one on the first demo start (later ones come from Refresh)."""
        from mrp.models import MrpRun
        from mrp.services import execute_run, request_run

        if MrpRun.objects.filter(status=MrpRun.Status.DONE).exists():
            return
        run, created = request_run(trigger=MrpRun.Trigger.COMMAND)
        if created:
            run = execute_run(run)
            self.stdout.write(f"MRP: first run {run.get_status_display().lower()} ({run.sizes.get('lines', 0)} lines)")

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
        self.stdout.write(self.style.SUCCESS("\nDemo logins (local accounts; kept in var/demo-logins.txt):"))
        width = max(len(u) for u in logins)
        for username, (role, password) in logins.items():
            self.stdout.write(f"  {username:<{width}}  {password}  ({role})")
        self.stdout.write("")
        unused = set(ROLES) - {role for role, _ in logins.values()}
        if unused:
            self.stdout.write(self.style.WARNING(f"Roles without a demo user: {', '.join(sorted(unused))}"))
