"""The login history in the admin: who may see it, and its CSV export."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.models import LoginEvent
from portal.testing.ldap import ROLE_USERS, sign_in

pytestmark = pytest.mark.ldap

CHANGELIST = "admin:portal_loginevent_changelist"


@pytest.fixture
def history(ldap_settings):
    """A morning at the plant: a failed attempt, a denied outsider, two successes."""
    sign_in(Client(), "dt.user", "typo", user_agent="Line 2 tablet")
    sign_in(Client(), "outsider", ldap_settings.password("outsider"), user_agent="Accounting PC")
    sign_in(Client(), "dt.user", ldap_settings.password("dt.user"), user_agent="Line 2 tablet")
    admin = Client()
    sign_in(admin, "portal.admin", ldap_settings.password("portal.admin"), user_agent="Office PC")
    return admin


def _export_csv(client, event_ids):
    """What an admin does: tick rows, choose "Export", pick CSV in the form, submit."""
    form_page = client.post(
        reverse(CHANGELIST), {"action": "export_admin_action", "_selected_action": event_ids}
    )
    assert form_page.status_code == 200
    form = form_page.context["form"]
    csv_choice = next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update({"format": csv_choice, "export_items": event_ids})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    return client.post(reverse("admin:portal_loginevent_export"), data)


def test_portal_admin_exports_the_login_history_as_csv(history):
    ids = list(LoginEvent.objects.values_list("pk", flat=True))

    response = _export_csv(history, ids)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {"created_at", "username", "outcome", "ip_address", "user_agent"} <= set(rows[0])
    got = sorted((r["username"], r["outcome"], r["ip_address"], r["user_agent"]) for r in rows)
    assert got == sorted([
        ("dt.user", "failed", "127.0.0.1", "Line 2 tablet"),
        ("outsider", "denied", "127.0.0.1", "Accounting PC"),
        ("dt.user", "success", "127.0.0.1", "Line 2 tablet"),
        ("portal.admin", "success", "127.0.0.1", "Office PC"),
    ])
    assert all(r["created_at"] for r in rows)


def test_portal_admin_sees_and_filters_the_history(history):
    response = history.get(reverse(CHANGELIST), {"outcome": "denied"})

    assert response.status_code == 200
    assert [e.username for e in response.context["cl"].result_list] == ["outsider"]


@pytest.mark.parametrize("role", [roles.SCHEDULING_USER, roles.DOWNTIME_USER])
def test_users_without_oversight_cannot_see_the_history(history, ldap_settings, role):
    client = Client()
    uid = ROLE_USERS[role]
    sign_in(client, uid, ldap_settings.password(uid))

    listing = client.get(reverse(CHANGELIST))
    export = client.post(reverse("admin:portal_loginevent_export"), {"format": "0"})

    assert listing.status_code in (302, 403)
    assert export.status_code in (302, 403)
    assert b"outsider" not in listing.content and b"outsider" not in export.content
