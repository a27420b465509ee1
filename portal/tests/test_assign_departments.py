"""Seed 002's admin function (issue 32): a Production_Admin puts users in departments from the department's admin
page, without the portal admins' rights over users; the change is audited; other plant-config roles do not."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from portal.models import Department
from portal.roles import ASSIGN_DEPARTMENTS, PRODUCTION_ADMIN, QUALITY_ADMIN, role_permissions
from portal.testing.factories import ProductionLineFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post(client, department, members, **extra):
    return client.post(reverse("admin:portal_department_change", args=[department.pk]), {
        "name": department.name, "active": "on", "lines": [line.pk for line in department.lines.all()],
        "heads": [], "members": [u.pk for u in members], **extra})


def test_a_production_admin_assigns_a_department(client):
    assert ASSIGN_DEPARTMENTS in role_permissions(PRODUCTION_ADMIN)
    admin = UserFactory(username="padmin", roles=[PRODUCTION_ADMIN])
    line = ProductionLineFactory()
    department = Department.objects.create(name="Assembly")
    department.lines.add(line)
    operator, other = UserFactory(username="newhire"), UserFactory(username="leaver")
    other.departments.add(department)
    client.force_login(admin)
    page = client.get(reverse("admin:portal_department_change", args=[department.pk]))
    assert page.status_code == 200 and 'name="members"' in page.content.decode()
    response = _post(client, department, [operator])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(operator.departments.all()) == [department]
    assert not other.departments.exists()
    entry = LogEntry.objects.get_for_object(department).filter(additional_data__what="members assigned").get()
    assert entry.actor == admin
    assert (entry.additional_data["added"], entry.additional_data["removed"]) == ("newhire", "leaver")
    # the operator now works on the department's lines
    from portal.services.scoping import lines_for
    assert list(lines_for(operator)) == [line]


def test_without_portal_admin_rights_over_users(client):
    admin = UserFactory(username="padmin", roles=[PRODUCTION_ADMIN])
    operator = UserFactory(username="op")
    client.force_login(admin)
    assert not admin.has_perm("portal.change_user")
    client.post(reverse("admin:portal_user_change", args=[operator.pk]), {"username": "op", "is_superuser": "on"})
    operator.refresh_from_db()
    assert not operator.is_superuser


def test_a_role_without_the_capability_does_not_see_or_set_members(client):
    qadmin = UserFactory(username="qadmin", roles=[QUALITY_ADMIN])  # edits departments (plant configuration)
    department = Department.objects.create(name="Assembly")
    operator = UserFactory(username="op")
    client.force_login(qadmin)
    page = client.get(reverse("admin:portal_department_change", args=[department.pk]))
    assert page.status_code == 200 and 'name="members"' not in page.content.decode()
    assert _post(client, department, [operator]).status_code == 302
    assert not operator.departments.exists()
