"""The page shell: home dashboard per role, theme and language switches saved on the profile, error pages."""

import pytest
from django.urls import reverse

from portal.modules import Module


@pytest.mark.django_db
def test_home_shows_no_card_for_modules_the_user_may_not_open(client, role_user, monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("portal")
    monkeypatch.setattr(config, "modules", (
        Module("profile", "Preferences card", "profile", "sliders"),
        Module("admin", "Admin card", "admin:index", "tools", permission="portal.access_admin_panel"),
        Module("later", "Unbuilt card", "no-such-url-yet", "x"),
    ))
    client.force_login(role_user("DowntimeTracker_User"))
    body = client.get("/").content.decode()
    assert "Preferences card" in body
    assert "Admin card" not in body  # no permission: no card, no menu entry
    assert "Unbuilt card" not in body  # a module without pages is not offered
    client.force_login(role_user("Production_Portal_Admin"))
    assert "Admin card" in client.get("/").content.decode()


@pytest.mark.django_db
def test_theme_switch_is_saved_on_the_profile_and_rendered(client, role_user):
    user = role_user("Scheduling_User")
    client.force_login(user)
    response = client.post(reverse("set-preference"), {"theme": "dark", "next": "/profile/"})
    assert response["Location"] == "/profile/"
    user.refresh_from_db()
    assert user.theme == "dark"
    assert 'data-bs-theme="dark"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_follows_the_user_to_a_new_session(client, role_user):
    user = role_user("Scheduling_User")
    client.force_login(user)
    client.post(reverse("set-preference"), {"language": "es"})
    client.logout()
    client.cookies.clear()
    client.force_login(user)
    assert '<html lang="es"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_bad_preference_value_gives_a_message_not_an_error(client, role_user):
    user = role_user("Scheduling_User")
    client.force_login(user)
    response = client.post(reverse("set-preference"), {"theme": "neon"}, follow=True)
    assert response.status_code == 200
    assert "not available" in response.content.decode()
    user.refresh_from_db()
    assert user.theme == "light"


@pytest.mark.django_db
def test_open_redirect_is_refused(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    response = client.post(reverse("set-preference"), {"theme": "dark", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_friendly_404_and_403(client, role_user):
    client.force_login(role_user("DowntimeTracker_User"))
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and "This page does not exist" in missing.content.decode()
    denied = client.get("/admin/")
    assert denied.status_code == 403 and "You do not have access" in denied.content.decode()


@pytest.mark.django_db
def test_500_page_has_no_stack_trace(client, role_user, settings):
    from portal.views.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert b"Traceback" not in response.content and b"Something went wrong" in response.content


@pytest.mark.django_db
def test_static_assets_are_served_locally():
    from pathlib import Path

    from django.conf import settings

    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert "cdn" not in base.lower() and "https://" not in base


@pytest.mark.django_db
def test_reports_hub_lists_only_reports_the_user_may_open(client, role_user, monkeypatch):
    from django.apps import apps

    from portal.reports import Report

    monkeypatch.setattr(apps.get_app_config("erp"), "reports", (
        Report("jobs", "Open jobs report", "erp:job-list", "gear", "portal.view_reports", area="Production"),
        Report("mrp", "Shortage report", "erp:bom-list", "cart", "portal.use_mrp", area="Materials"),
        Report("later", "Unbuilt report", "no-such-url", "x", "portal.view_reports", area="Production"),
    ))
    client.force_login(role_user("DowntimeTracker_Admin"))  # view reports, no MRP
    body = client.get("/reports/").content.decode()
    assert "Open jobs report" in body and "Shortage report" not in body and "Unbuilt report" not in body
    client.force_login(role_user("Scheduling_Admin"))
    body = client.get("/reports/").content.decode()
    assert "Shortage report" in body and body.index("Materials") < body.index("Production")
    client.force_login(role_user("DowntimeTracker_User"))
    assert client.get("/reports/").status_code == 403
