"""Every change to business data lands in the audit log (who, when, before/after)."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from portal.audit import exempt_reason
from portal.testing.factories import FacilityFactory


def _business_models():
    for config in apps.get_app_configs():
        if config.name not in settings.DOMAIN_APPS or config.label == "erp":  # the ERP: read-only, never written
            continue
        for model in config.get_models():
            if model._meta.managed and not model._meta.proxy:
                yield model


@pytest.mark.parametrize("model", list(_business_models()), ids=lambda m: m._meta.label_lower)
def test_every_business_model_is_audited_or_exempt_with_a_reason(model):
    label = model._meta.label_lower
    assert auditlog.contains(model) or exempt_reason(label), (
        f"{label} is not audited: declare it in its AppConfig's `audited`, or in `audit_exempt` with the reason "
        "(see portal/audit.py)"
    )


@pytest.mark.django_db
def test_admin_change_is_recorded_with_actor_and_before_after(admin_client_portal, portal_admin):
    facility = FacilityFactory(code="AUD", name="Old name")
    response = admin_client_portal.post(
        f"/admin/portal/facility/{facility.pk}/change/",
        {"code": "AUD", "name": "New name", "erp_code": "", "time_zone": "America/Chicago", "active": "on",
         "unknown_numbers": "confirm",
         "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(facility).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == portal_admin
    assert entry.changes_dict["name"] == ["Old name", "New name"]


@pytest.mark.django_db
def test_permission_and_group_changes_are_recorded(role_user):
    user = role_user("Scheduling_User")
    perm = Permission.objects.get(codename="report_downtime")
    user.user_permissions.add(perm)
    user.groups.add(Group.objects.get(name="DowntimeTracker_User"))
    entries = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE)
    changed = " ".join(str(e.changes) for e in entries)
    assert "user_permissions" in changed and "groups" in changed


@pytest.mark.django_db
def test_password_hash_never_reaches_the_audit_log(role_user):
    user = role_user("Scheduling_User")
    user.set_password("another-long-password")
    user.save()
    assert "pbkdf2" not in str(list(LogEntry.objects.values_list("changes", flat=True)))
    assert "md5$" not in str(list(LogEntry.objects.values_list("changes", flat=True)))


@pytest.mark.django_db
def test_audit_log_is_read_only_and_filterable_in_the_admin(admin_client_portal):
    FacilityFactory(code="AUD2")
    page = admin_client_portal.get("/admin/auditlog/logentry/?action__exact=0")
    assert page.status_code == 200
    assert b"AUD2" in page.content
    assert admin_client_portal.get("/admin/auditlog/logentry/add/").status_code == 403
