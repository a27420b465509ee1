"""The admin as a plant admin's panel: cards per role, technical sections for portal admins only, per-user
capabilities (audited), the audit log's filters and each record's change history."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.roles import ROLES
from portal.testing.factories import FacilityFactory, UserFactory

PLANT = {"facilities", "lines", "machines", "capacity", "shifts", "working-days", "holidays", "departments"}
OVERSIGHT = {"users", "user-activity", "audit-log", "logins"}
MAINTENANCE = {"maintenance-priorities", "maintenance-plans", "working-days", "holidays"}
TECHNICAL = {"lockouts", "periodic-tasks", "crontabs", "intervals", "tokens", "groups", "notifications"}
# Hand-written from seed 000's matrix and portal/roles.py: exactly the cards each role may open.
EXPECTED_CARDS = {
    "DowntimeTracker_Admin": PLANT | OVERSIGHT | {"categories", "quick-notes"},
    "Scheduling_Admin": PLANT | OVERSIGHT | {"aging-buckets"},
    "Production_Admin": PLANT | OVERSIGHT | {"production-orders"},
    "Finance": {"scenarios"},
    "Laser_Admin": PLANT | OVERSIGHT | {
        "laser-thresholds", "laser-clients", "laser-extra-operators", "laser-follow-ups"},
    "Planning_Admin": PLANT | OVERSIGHT,
    "Quality_Admin": PLANT | OVERSIGHT | {"defect-codes", "quality-escalations"},
    "Maintenance_Admin": OVERSIGHT | MAINTENANCE,
    "Production_Portal_Admin": PLANT | OVERSIGHT | TECHNICAL | MAINTENANCE | {
        "categories", "quick-notes", "aging-buckets", "production-orders", "permissions", "scenarios",
        "laser-thresholds", "laser-clients", "laser-extra-operators", "laser-follow-ups", "defect-codes",
        "quality-escalations"},
}


def _cards(response) -> set[str]:
    return set(re.findall(r'data-card="([^"]+)"', response.content.decode()))


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ROLES))
def test_landing_page_shows_exactly_the_cards_the_role_may_open(client, role_user, role):
    client.force_login(role_user(role))
    response = client.get("/admin/")
    if role not in EXPECTED_CARDS:
        assert response.status_code == 403  # no admin panel in the matrix
        return
    assert response.status_code == 200
    assert _cards(response) == EXPECTED_CARDS[role]
    for href in re.findall(r'class="panel-card" href="([^"]+)"', response.content.decode()):
        assert client.get(href).status_code == 200, href  # every card opens


TECHNICAL_PAGES = ["/admin/axes/accessattempt/", "/admin/django_celery_beat/periodictask/",
                   "/admin/django_celery_beat/crontabschedule/", "/admin/django_celery_beat/intervalschedule/",
                   "/admin/authtoken/tokenproxy/", "/admin/auth/group/", "/admin/notifications/notification/",
                   "/admin/permissions/"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["DowntimeTracker_Admin", "Scheduling_Admin", "Production_Admin"])
def test_technical_pages_are_refused_to_other_admins_even_with_the_model_permission(client, role_user, role):
    user = role_user(role)
    # A per-user grant of the model permissions does not open the technical sections: they are for portal admins.
    user.user_permissions.add(*Permission.objects.filter(codename__in=[
        "view_accessattempt", "view_periodictask", "view_crontabschedule", "view_intervalschedule",
        "view_tokenproxy", "view_group", "view_notification"]))
    client.force_login(user)
    for page in TECHNICAL_PAGES:
        assert client.get(page).status_code == 403, page
    assert "Celery" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_portal_admin_opens_the_technical_pages(admin_client_portal):
    for page in TECHNICAL_PAGES:
        assert admin_client_portal.get(page).status_code == 200, page


@pytest.mark.django_db
def test_correlation_ids_only_for_portal_admins(client, role_user, admin_client_portal):
    FacilityFactory(code="CID")
    assert "Correlation ID" in admin_client_portal.get("/admin/auditlog/logentry/").content.decode()
    client.force_login(role_user("DowntimeTracker_Admin"))
    page = client.get("/admin/auditlog/logentry/").content.decode()
    assert "CID" in page  # the row is there
    assert "Correlation ID" not in page


@pytest.mark.django_db
def test_overriding_a_capability_opens_the_page_and_is_audited(client, role_user, portal_admin):
    operator = role_user("DowntimeTracker_User")
    client.force_login(operator)
    assert client.get("/reports/").status_code == 403
    client.force_login(portal_admin)
    form = client.get(f"/admin/permissions/{operator.pk}/").content.decode()
    # Role-granted capabilities are shown inherited (checked, not editable); the others are checkboxes.
    assert re.search(r'<input type="checkbox" checked disabled data-capability="portal.report_downtime">', form)
    assert 'name="capability" value="portal.view_reports"' in form
    assert "Production orders" in form  # a later module's capabilities, grouped under it
    response = client.post(f"/admin/permissions/{operator.pk}/", {"capability": ["portal.view_reports"]},
                           follow=True)
    assert "1 granted" in response.content.decode()
    client.force_login(operator)
    assert client.get("/reports/").status_code == 200
    entry = LogEntry.objects.get_for_object(operator).latest("timestamp")
    assert entry.actor == portal_admin
    assert "user_permissions" in entry.changes_dict
    # Withdrawn again: the page closes.
    client.force_login(portal_admin)
    client.post(f"/admin/permissions/{operator.pk}/", {})
    client.force_login(operator)
    assert client.get("/reports/").status_code == 403


@pytest.mark.django_db
def test_an_unknown_capability_is_refused_and_nothing_is_saved(admin_client_portal):
    user = UserFactory(username="someone")
    response = admin_client_portal.post(f"/admin/permissions/{user.pk}/",
                                        {"capability": ["portal.view_reports", "auth.delete_user"]})
    assert response.status_code == 200
    assert "Unknown capability: auth.delete_user" in response.content.decode()
    assert not user.user_permissions.exists()


@pytest.mark.django_db
def test_only_permission_managers_edit_capabilities(client, role_user):
    user = UserFactory(username="target")
    client.force_login(role_user("DowntimeTracker_Admin"))
    assert client.get(f"/admin/permissions/{user.pk}/").status_code == 403
    assert client.post(f"/admin/permissions/{user.pk}/", {"capability": ["portal.view_reports"]}).status_code == 403
    assert not user.user_permissions.exists()
    # The user page shows the grants as text, with no link to a page that would refuse them.
    page = client.get(f"/admin/portal/user/{user.pk}/change/").content.decode()
    assert "/admin/permissions/" not in page


@pytest.mark.django_db
def test_change_page_links_to_the_record_history(admin_client_portal):
    facility = FacilityFactory(code="HIS", name="History plant")
    other = FacilityFactory(code="OTH")
    facility.name = "Renamed plant"
    facility.save()
    page = admin_client_portal.get(f"/admin/portal/facility/{facility.pk}/change/").content.decode()
    link = re.search(r'href="(/admin/auditlog/logentry/\?[^"]+)" class="historylink"', page).group(1)
    history = admin_client_portal.get(link.replace("&amp;", "&")).content.decode()
    assert "Renamed plant" in history
    assert other.name not in history


@pytest.mark.django_db
def test_audit_log_filters_by_user_model_and_date_range(client, role_user, admin_client_portal, portal_admin):
    from auditlog.context import set_actor

    alice = UserFactory(username="alice")
    with set_actor(alice):
        FacilityFactory(code="ALI", name="Alice plant")
    with set_actor(portal_admin):
        FacilityFactory(code="ADM", name="Admin plant")
    LogEntry.objects.filter(actor=alice).update(timestamp=timezone.now() - dt.timedelta(days=40))
    url = "/admin/auditlog/logentry/"
    by_user = admin_client_portal.get(url, {"actor": alice.pk}).content.decode()
    assert "Alice plant" in by_user and "Admin plant" not in by_user
    facility_type = ContentType.objects.get(app_label="portal", model="facility").pk
    user_type = ContentType.objects.get(app_label="portal", model="user").pk
    assert "Admin plant" in admin_client_portal.get(url, {"resource_type": facility_type}).content.decode()
    assert "Admin plant" not in admin_client_portal.get(url, {"resource_type": user_type}).content.decode()
    today = timezone.localdate()
    recent = admin_client_portal.get(url, {"date_from": (today - dt.timedelta(days=7)).isoformat(),
                                           "date_to": today.isoformat()}).content.decode()
    assert "Admin plant" in recent and "Alice plant" not in recent
    older = admin_client_portal.get(url, {"date_to": (today - dt.timedelta(days=30)).isoformat()}).content.decode()
    assert "Alice plant" in older and "Admin plant" not in older
    # A malformed date is ignored, not a 500.
    assert admin_client_portal.get(url, {"date_from": "2026-13-45"}).status_code == 200
