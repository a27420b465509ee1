"""The permission matrix of seed 000, checked cell by cell against what the synced groups really grant."""

import pytest
from django.contrib.auth.models import Group, Permission

from portal import roles
from portal.roles import ROLES, sync_roles

# Seed 000, "Permissions Matrix": role -> columns marked "Yes".
SEED_MATRIX = {
    "DowntimeTracker_Admin": {"admin", "bom", "po", "downtime", "reports"},
    "DowntimeTracker_User": {"downtime"},
    "Scheduling_Admin": {"admin", "sched_view", "sched_update", "bom", "po", "mrp", "customers", "reports"},
    # The matrix also marks "mrp" and "customers"; the seed's module sections restrict the MRP dashboard and the
    # customer analysis to Scheduling_Admin and the portal admins, and govern (docs/access.md)
    "Scheduling_User": {"sched_view", "bom", "po", "reports"},
    "Production_Portal_Admin": {"admin", "sched_view", "sched_update", "bom", "po", "mrp", "customers", "downtime",
                                "reports"},
}
COLUMNS = {
    "admin": "portal.access_admin_panel",
    "sched_view": "portal.view_scheduling",
    "sched_update": "portal.update_scheduling",
    "bom": "portal.view_bom",
    "po": "portal.view_po",
    "mrp": "portal.use_mrp",
    "customers": "portal.view_customer_analysis",
    "downtime": "portal.report_downtime",
    "reports": "portal.view_reports",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(SEED_MATRIX))
@pytest.mark.parametrize("column", sorted(COLUMNS))
def test_matrix_cell(role_user, role, column):
    user = role_user(role)
    assert user.has_perm(COLUMNS[column]) == (column in SEED_MATRIX[role])


@pytest.mark.django_db
def test_the_purchasing_shortage_report_stays_open_to_scheduling_users(role_user):
    holders = {role for role in SEED_MATRIX if role_user(role).has_perm(roles.SHORTAGE_REPORT)}
    assert holders == {"Scheduling_Admin", "Scheduling_User", "Production_Portal_Admin"}


@pytest.mark.django_db
def test_only_portal_admins_manage_permissions(role_user):
    holders = {role for role in roles.ROLES if role_user(role).has_perm(roles.MANAGE_PERMISSIONS)}
    assert holders == {"Production_Portal_Admin"}


@pytest.mark.django_db
def test_every_permission_in_the_matrix_exists():
    assert sync_roles() == []


@pytest.mark.django_db
def test_sync_removes_permissions_added_by_hand_and_recreates_missing_groups():
    group = Group.objects.get(name="DowntimeTracker_User")
    group.permissions.add(Permission.objects.get(codename="access_admin_panel"))
    Group.objects.filter(name="Scheduling_User").delete()
    sync_roles()
    assert set(Group.objects.get(name="DowntimeTracker_User").permissions.values_list("codename", flat=True)) == {
        "report_downtime", "report_ticket"
    }
    assert Group.objects.get(name="Scheduling_User").permissions.filter(codename="view_scheduling").exists()


@pytest.mark.django_db
def test_sync_roles_command(capsys):
    from django.core.management import call_command

    Group.objects.filter(name="Scheduling_Admin").delete()
    call_command("sync_roles")
    assert Group.objects.filter(name="Scheduling_Admin").exists()
    assert f"{len(ROLES)} roles" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_role_groups_come_back_after_a_flush():
    """``flush`` (as transactional tests and fresh installs do) re-emits post_migrate: the roles must return."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)


def test_every_admin_page_belongs_to_a_role_or_is_ignored_with_a_reason():
    """A model added to the admin must be given to a role (or explicitly kept for superusers)."""
    from django.contrib import admin

    held = set().union(*roles.ROLES.values())
    orphans = [
        f"{m._meta.app_label}.{m._meta.model_name}"
        for m in admin.site._registry
        if not any(f"{m._meta.app_label}.{a}_{m._meta.model_name}" in held for a in ("view", "change"))
        and f"{m._meta.app_label}.{m._meta.model_name}" not in roles.NOT_IN_ANY_ROLE
    ]
    assert orphans == [], "give these admin pages to a role in portal/roles.py, or list them in NOT_IN_ANY_ROLE"


def test_every_role_has_a_demo_user_and_a_test_directory_user():
    """A role added to the matrix needs its demo login and its user in the test directory (LDAP tests)."""
    from portal.management.commands.portal_demo import DEMO_USERS
    from portal.testing.ldap import ROLE_USERS

    assert set(DEMO_USERS.values()) == set(ROLES)
    assert set(ROLE_USERS) == set(ROLES)
