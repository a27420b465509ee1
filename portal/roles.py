"""The permission matrix, declared once: role (Active Directory group name) -> Django permissions.

Seed 000's matrix. Each capability is a permission (``portal.Capability`` and later apps' models); admin
roles also get the model permissions of the configuration they maintain in the Django admin. Groups are
synced to exactly this map after every ``migrate`` and by ``manage.py sync_roles``. Per-user overrides are
ordinary user permissions and are not touched here. Later modules add their roles and grants to this file.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

DOWNTIME_ADMIN = "DowntimeTracker_Admin"
DOWNTIME_USER = "DowntimeTracker_User"
SCHEDULING_ADMIN = "Scheduling_Admin"
SCHEDULING_USER = "Scheduling_User"
PORTAL_ADMIN = "Production_Portal_Admin"
PRODUCTION_OPERATOR = "Production_Operator"
PRODUCTION_ADMIN = "Production_Admin"
FINANCE = "Finance"
PLANNING_ADMIN = "Planning_Admin"
PLANNER = "Planner"
LASER_OPERATOR = "Laser_Operator"
LASER_MANAGER = "Laser_Manager"
LASER_ADMIN = "Laser_Admin"
QUALITY_INSPECTOR = "Quality_Inspector"
QUALITY_ADMIN = "Quality_Admin"
MAINTENANCE_TECHNICIAN = "Maintenance_Technician"
MAINTENANCE_ADMIN = "Maintenance_Admin"

# Roles that use shared floor tablets and phones: signed out after IDLE_TIMEOUT_MINUTES without activity
# (portal/auth/idle.py; settings.IDLE_TIMEOUT_ROLES overrides the list).
FLOOR_ROLES = (PRODUCTION_OPERATOR, DOWNTIME_USER, LASER_OPERATOR, QUALITY_INSPECTOR, MAINTENANCE_TECHNICIAN)

# Capabilities (seed 000 columns)
ADMIN_PANEL = "portal.access_admin_panel"
MANAGE_PERMISSIONS = "portal.manage_permissions"
REPORT_DOWNTIME = "portal.report_downtime"
VIEW_REPORTS = "portal.view_reports"
VIEW_SCHEDULING = "portal.view_scheduling"
UPDATE_SCHEDULING = "portal.update_scheduling"
VIEW_BOM = "portal.view_bom"
VIEW_PO = "portal.view_po"
# Seed 000's module sections are more specific than its matrix, and govern (docs/access.md): "MRP Suggestions" is
# the MRP dashboard for Scheduling_Admin and the portal admins; Scheduling_User keeps the purchasing shortage report.
USE_MRP = "portal.use_mrp"
SHORTAGE_REPORT = "portal.view_shortage_report"
CUSTOMER_ANALYSIS = "portal.view_customer_analysis"
VIEW_METRICS = "portal.view_metrics"
ALL_LINES = "portal.work_all_lines"  # plant-wide roles: every line of their facilities (portal/services/scoping.py)
# Put users in departments (the department's members in the admin) without changing users or their access.
ASSIGN_DEPARTMENTS = "portal.assign_departments"
# Technical admin sections (lockouts, schedules, tokens, groups) open only to whoever may manage permissions:
# the portal admins (portal/admin_site.py).
PORTAL_ADMIN_ONLY = MANAGE_PERMISSIONS
# Production orders (IN/OUT movements per work center)
RECORD_MOVEMENT = "production.record_movement"
# Working one's assigned planned operations on the phone (planning's "My operations"): whoever records movements,
# since every quantity recorded there is a movement of the production ledger.
WORK_OPERATIONS = RECORD_MOVEMENT
OVERRIDE_BALANCE = "production.override_balance"
ADD_ANDON_BOARD = "production.add_andonboard"  # a production admin creates a TV board from the production pages
# Retired: portal.work_all_lines (ALL_LINES) decides who works on every line; a per-user grant of this one was
# carried over by portal's migration 0012. The permission stays declared so that no grant disappears unseen.
ALL_WORK_CENTERS = "production.view_all_work_centers"
PRODUCTION_REPORT = "production.view_balance_report"
PRINT_LABELS = PRODUCTION_REPORT  # the labels page (portal/labels) and its list actions
VIEW_COSTING = "finance.view_costing"
MANAGE_SCENARIOS = "finance.change_scenario"  # edit what-if scenarios and recompute the stored roll-ups
# Job planning: see the plan (orders, Gantt, utilization, exceptions) / change it (schedule, move, import, resolve)
VIEW_PLANNING = "planning.view_planning"
PLAN_ORDERS = "planning.plan_orders"
EDIT_CAPACITY_TARGETS = "planning.change_capacitytarget"  # the planning admins' (PLANNING_CONFIG)
# Laser job shop (seed 004): operators log runs from the phone; managers run the shop and edit presets.
LASER_LOG_RUNS = "laser.log_runs"
LASER_MANAGE = "laser.manage_shop"
LASER_EDIT_PRESETS = "laser.edit_presets"
# Quality (issue 12): heads of department are not a role but the Department.heads flag.
VIEW_QUALITY = "quality.view_quality"
RAISE_TICKET = "quality.raise_ticket"
RECORD_REJECT = "quality.record_reject"
REVIEW_REJECT = "quality.review_reject"
MANAGE_RETURNS = "quality.manage_returns"
MANAGE_NCR = "quality.manage_ncr"
ADMINISTER_QUALITY = "quality.administer_quality"
# Certificates of compliance: reading a job's report and issued certificates is VIEW_REPORTS; signing a new one to a
# customer is quality's (and the portal admins') own capability.
ISSUE_CERTIFICATE = "coc.issue_certificate"
# Maintenance: report a ticket, work tickets from the phone, assign/verify/cancel, dashboards and machine history.
REPORT_MAINTENANCE = "maintenance.report_ticket"
WORK_MAINTENANCE = "maintenance.work_tickets"
MANAGE_MAINTENANCE = "maintenance.manage_tickets"
VIEW_MAINTENANCE = "maintenance.view_maintenance"


def _crud(*models: str, delete: bool = False) -> set[str]:
    """view/add/change (and delete) permissions of ``app.model`` labels."""
    actions = ("view", "add", "change") + (("delete",) if delete else ())
    return {f"{m.split('.')[0]}.{a}_{m.split('.')[1]}" for m in models for a in actions}


# The working calendar (working days, holidays) is the plant's: plans, SLA clocks and OEE all count it.
WORKING_CALENDAR = _crud("portal.workingdays", "portal.holiday") | {"portal.delete_holiday"}
# Capacity per line and shift is upserted and deleted (seed 000: "Upsert/Delete"); the rest is deactivated, never
# deleted, so that history keeps its facility, line and shift.
PLANT_CONFIG = _crud("portal.facility", "portal.productionline", "portal.machine", "portal.department",
                     "portal.shift", "portal.signalsource") | _crud("portal.productioncapacity", delete=True) \
    | WORKING_CALENDAR | {"portal.view_detectedstop"}  # machine signals: each machine's topic map, what they reported
# Scheduling admins set the FG aging buckets and read projection history in the admin.
SCHEDULING_CONFIG = {"scheduling.view_agingbucket", "scheduling.change_agingbucket", "scheduling.add_agingbucket",
                     "scheduling.view_projection", "scheduling.view_projectionchange", "mrp.view_mrprun"}
# Downtime reason categories and quick notes; seeing every event and managing any entry (not only one's own).
DOWNTIME_CONFIG = _crud("downtime.category", "downtime.quicknote", "downtime.faultreason") | {
    "downtime.view_downtimeevent", "downtime.change_downtimeevent", "downtime.delete_downtimeevent"}
# Production admins see every movement and balance in the admin and keep the orders' ERP job links.
PRODUCTION_CONFIG = {"production.view_productionorder", "production.change_productionorder",
                     "production.view_movement", "production.view_balance"} | _crud("production.andonboard")
# Certificates of compliance: the statement printed per customer, and the issued certificates (read-only).
COC_CONFIG = _crud("coc.compliancestatement") | {"coc.view_certificate"}
# The company on every document's letterhead (name, address, logo): edited, never deleted.
COMPANY_CONFIG = _crud("portal.companyprofile")
# Finance edits the what-if scenarios on its pages (and in the admin); the log of cost roll-up runs is read-only.
FINANCE_CONFIG = _crud("finance.scenario", "finance.scenariopartcost", "finance.scenariounitchange", delete=True) \
    | {"finance.view_productcost", "finance.view_costrun"} | _crud("finance.localbom") \
    | _crud("finance.localbomline", delete=True)
# Planning admins keep routings and capacity overrides in the admin and see the plan's records there.
PLANNING_CONFIG = _crud("planning.routing", "planning.routingstage", "planning.capacityoverride",
                        "planning.capacitytarget") | {
    "planning.view_planningorder", "planning.change_planningorder", "planning.view_orderitem",
    "planning.change_orderitem", "planning.view_operation", "planning.view_planexception",
    "planning.view_reallocation"}
# Laser admins keep the shop's configuration in the admin: stage thresholds, clients, extra operators, stock items;
# presets, runs, movements, drafts and reports are read there (they change through the shop's pages).
LASER_CONFIG = _crud("laser.stagethreshold", "laser.client", "laser.extraoperator", "laser.inventoryitem",
                     "laser.followuptemplate") | {
    "laser.view_preset", "laser.view_laserrun", "laser.view_stockmovement", "laser.view_outbounddraft",
    "laser.view_dailyreport", "laser.view_project", "laser.change_project"}
# Quality admins keep the defect codes and escalation steps, and may correct any quality record in the admin.
QUALITY_CONFIG = _crud("quality.defectcode", "quality.escalationstep") | {
    f"quality.{a}_{m}" for a in ("view", "change") for m in (
        "sopticket", "internalreject", "customerreturn", "ncr", "capa")} | {"quality.view_returnphoto"}
QUALITY_INSPECTION = {VIEW_QUALITY, RAISE_TICKET, RECORD_REJECT, REVIEW_REJECT, MANAGE_RETURNS, MANAGE_NCR}
# Maintenance admins keep priorities/SLA targets and preventive plans, and the facilities' working calendar their
# SLA clocks count (working days, holidays); tickets read-only.
MAINTENANCE_CONFIG = _crud("maintenance.priority", "maintenance.preventiveplan", "maintenance.planstep") | {
    "maintenance.delete_planstep", "maintenance.view_ticket"} | WORKING_CALENDAR
VIEW_USERS = "portal.view_user"  # user activity (the old portal's /admin/users)
VIEW_AUDIT_LOG = "auditlog.view_logentry"
OVERSIGHT = {"portal.view_loginevent", VIEW_AUDIT_LOG, VIEW_USERS}
PORTAL_ADMINISTRATION = {
    MANAGE_PERMISSIONS,
    VIEW_METRICS,
    "portal.change_user",
    "auth.view_group",
    "django_celery_beat.view_periodictask",
    "django_celery_beat.change_periodictask",
    "django_celery_beat.add_periodictask",
    "django_celery_beat.view_crontabschedule",
    "django_celery_beat.add_crontabschedule",
    "django_celery_beat.change_crontabschedule",
    "django_celery_beat.view_intervalschedule",
    "django_celery_beat.add_intervalschedule",
    "django_celery_beat.change_intervalschedule",
    "notifications.view_notification",
    "notifications.change_notification",
    "mrp.view_mrprun",
    # Unlock a locked-out account (delete its failed attempts) and issue API tokens.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "authtoken.view_tokenproxy",
    "authtoken.add_tokenproxy",
    "authtoken.delete_tokenproxy",
}

ROLES: dict[str, set[str]] = {
    DOWNTIME_ADMIN: {ADMIN_PANEL, VIEW_BOM, VIEW_PO, REPORT_DOWNTIME, VIEW_REPORTS, ALL_LINES} | PLANT_CONFIG
    | OVERSIGHT | DOWNTIME_CONFIG,
    DOWNTIME_USER: {REPORT_DOWNTIME, REPORT_MAINTENANCE},  # the floor reports a machine problem to maintenance
    SCHEDULING_ADMIN: {
        ADMIN_PANEL, VIEW_SCHEDULING, UPDATE_SCHEDULING, VIEW_BOM, VIEW_PO, USE_MRP, SHORTAGE_REPORT, CUSTOMER_ANALYSIS,
        VIEW_REPORTS,
    } | PLANT_CONFIG | OVERSIGHT | SCHEDULING_CONFIG,
    # Not the MRP dashboard nor customer analysis (seed 000's module sections, docs/access.md)
    SCHEDULING_USER: {VIEW_SCHEDULING, VIEW_BOM, VIEW_PO, SHORTAGE_REPORT, VIEW_REPORTS},
    PRODUCTION_OPERATOR: {RECORD_MOVEMENT, PRODUCTION_REPORT, REPORT_MAINTENANCE},
    FINANCE: {ADMIN_PANEL, VIEW_COSTING, MANAGE_SCENARIOS, VIEW_BOM, VIEW_PO, VIEW_REPORTS} | FINANCE_CONFIG,
    QUALITY_INSPECTOR: QUALITY_INSPECTION | {VIEW_REPORTS, ALL_LINES, ISSUE_CERTIFICATE},  # inspectors walk the plant
    QUALITY_ADMIN: QUALITY_INSPECTION | {ADMIN_PANEL, ADMINISTER_QUALITY, VIEW_REPORTS, ALL_LINES, ISSUE_CERTIFICATE}
    | QUALITY_CONFIG
    | PLANT_CONFIG | OVERSIGHT,
    MAINTENANCE_TECHNICIAN: {REPORT_MAINTENANCE, WORK_MAINTENANCE, VIEW_MAINTENANCE, ALL_LINES},  # fix any line
    MAINTENANCE_ADMIN: {
        ADMIN_PANEL, REPORT_MAINTENANCE, WORK_MAINTENANCE, MANAGE_MAINTENANCE, VIEW_MAINTENANCE, VIEW_REPORTS,
        ALL_LINES,
    } | MAINTENANCE_CONFIG | OVERSIGHT,
    PRODUCTION_ADMIN: {
        ADMIN_PANEL, RECORD_MOVEMENT, OVERRIDE_BALANCE, PRODUCTION_REPORT, VIEW_REPORTS, ALL_LINES, ASSIGN_DEPARTMENTS,
    } | PLANT_CONFIG | OVERSIGHT | PRODUCTION_CONFIG,
    PLANNING_ADMIN: {ADMIN_PANEL, VIEW_PLANNING, PLAN_ORDERS, VIEW_BOM, VIEW_PO, USE_MRP, SHORTAGE_REPORT, VIEW_REPORTS}
    | PLANT_CONFIG | OVERSIGHT | PLANNING_CONFIG,
    PLANNER: {VIEW_PLANNING, PLAN_ORDERS, VIEW_BOM, VIEW_PO, USE_MRP, SHORTAGE_REPORT, VIEW_REPORTS},
    LASER_OPERATOR: {LASER_LOG_RUNS},
    LASER_MANAGER: {LASER_LOG_RUNS, LASER_MANAGE, LASER_EDIT_PRESETS, VIEW_REPORTS, ALL_LINES},
    LASER_ADMIN: {ADMIN_PANEL, LASER_LOG_RUNS, LASER_MANAGE, LASER_EDIT_PRESETS, VIEW_REPORTS, ALL_LINES} | LASER_CONFIG
    | PLANT_CONFIG | OVERSIGHT,
    PORTAL_ADMIN: {
        ADMIN_PANEL, VIEW_SCHEDULING, UPDATE_SCHEDULING, VIEW_BOM, VIEW_PO, USE_MRP, SHORTAGE_REPORT, CUSTOMER_ANALYSIS,
        REPORT_DOWNTIME, VIEW_REPORTS, RECORD_MOVEMENT, OVERRIDE_BALANCE, PRODUCTION_REPORT,
        VIEW_COSTING, MANAGE_SCENARIOS, VIEW_PLANNING, PLAN_ORDERS, LASER_LOG_RUNS, LASER_MANAGE, LASER_EDIT_PRESETS,
        REPORT_MAINTENANCE, WORK_MAINTENANCE, MANAGE_MAINTENANCE, VIEW_MAINTENANCE, ALL_LINES, ISSUE_CERTIFICATE,
        ASSIGN_DEPARTMENTS,
    } | PLANT_CONFIG | OVERSIGHT | PORTAL_ADMINISTRATION | DOWNTIME_CONFIG | SCHEDULING_CONFIG | PRODUCTION_CONFIG
    | COC_CONFIG | COMPANY_CONFIG | FINANCE_CONFIG | PLANNING_CONFIG | LASER_CONFIG
    | QUALITY_INSPECTION | {ADMINISTER_QUALITY} | QUALITY_CONFIG | MAINTENANCE_CONFIG,
}

# Admin pages no role opens (superusers only), with the reason; portal/tests/test_roles.py checks the rest.
NOT_IN_ANY_ROLE = {
    "django_celery_beat.clockedschedule": "one-off clocked schedules are not used by the portal",
    "django_celery_beat.solarschedule": "sunrise/sunset schedules are not used by the portal",
    "axes.accesslog": "disabled (AXES_DISABLE_ACCESS_LOG): portal.LoginEvent is the login history",
    "axes.accessfailurelog": "disabled (AXES_ENABLE_ACCESS_FAILURE_LOG is off)",
    "scheduling.gridpreference": "each user's own column choices, edited on the grid itself",
}

# The portal's role groups (Django groups named like the roles). Which directory group gives each role is a
# setting: ad_group_names().
PORTAL_GROUPS: tuple[str, ...] = tuple(ROLES)


def ad_group_names() -> dict[str, str]:
    """Each role's Active Directory group (its ``cn``): ``settings.AD_GROUP_NAMES`` keyed by the role in capitals
    (``AD_GROUP_SCHEDULING_USER=PP-Schedulers`` in the environment), else the role's own name. Read at each call,
    so a plant whose groups are named differently maps them without a code change."""
    from django.conf import settings

    configured = getattr(settings, "AD_GROUP_NAMES", None) or {}
    return {role: configured.get(role.upper()) or role for role in ROLES}


def roles_of_ad_groups(group_names) -> set[str]:
    """The roles a directory user holds through their groups (directory names)."""
    names = set(group_names)
    return {role for role, group in ad_group_names().items() if group in names}


def unknown_ad_group_settings() -> list[str]:
    """Keys of ``settings.AD_GROUP_NAMES`` that name no role (a typo would silently keep the default name)."""
    from django.conf import settings

    known = {role.upper() for role in ROLES}
    return sorted(key for key in (getattr(settings, "AD_GROUP_NAMES", None) or {}) if key not in known)


def role_permissions(role: str) -> set[str]:
    return set(ROLES[role])


def _split(perm: str) -> tuple[str, str]:
    app_label, codename = perm.split(".", 1)
    return app_label, codename


def sync_roles(
    using: str = DEFAULT_DB_ALIAS, apps=global_apps, roles: dict[str, Iterable[str]] | None = None
) -> list[str]:
    """Make each role's group hold exactly its permissions from the matrix. Returns the problems found.

    A permission of an app that is not installed or not migrated yet is reported, not fatal, so that
    ``migrate`` of a fresh database works in any order; the post-migrate run of the last app completes it.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    problems: list[str] = []
    all_perms = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, perms in (roles or ROLES).items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
            if perm in all_perms:
                wanted.append(all_perms[perm])
            else:
                problems.append(f"{role}: unknown permission {perm}")
        group.permissions.set(wanted)
    return problems


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    # post_migrate fires once per app; sync once, after the last app has created its permissions.
    last = [config for config in global_apps.get_app_configs() if config.models_module][-1]
    if using != DEFAULT_DB_ALIAS or getattr(sender, "label", None) != last.label:
        return
    try:  # ``apps`` is the migration state during migrate, the global registry after flush
        apps.get_model("auth", "Group")
    except LookupError:
        return
    sync_roles(using=using, apps=apps)
