"""Sign-in through the real login page against a real OpenLDAP standing in for Active Directory."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse

from portal import roles
from portal.models import LoginEvent, User
from portal.modules import Module
from portal.testing.factories import UserFactory
from portal.testing.fixtures import PASSWORD
from portal.testing.ldap import DIRECTORY_USERS, ROLE_USERS, _free_port, ldap_settings_for, sign_in

pytestmark = pytest.mark.ldap

ADMIN_ROLES = {role for role, perms in roles.ROLES.items() if roles.ADMIN_PANEL in perms}
CAPABILITIES = [
    roles.ADMIN_PANEL, roles.REPORT_DOWNTIME, roles.VIEW_REPORTS, roles.VIEW_SCHEDULING, roles.UPDATE_SCHEDULING,
    roles.VIEW_BOM, roles.VIEW_PO, roles.USE_MRP, roles.CUSTOMER_ANALYSIS,
]


@pytest.fixture
def one_card_per_capability(monkeypatch):
    """Few module pages exist yet: give the dashboard one card per seed-000 capability (pointing at a real URL)."""
    from django.apps import apps

    cards = tuple(
        Module(key=f"cap-{perm}", title=perm, url_name="profile", icon="square", permission=perm, order=i)
        for i, perm in enumerate(CAPABILITIES)
    )
    monkeypatch.setattr(apps.get_app_config("portal"), "modules", cards)
    return cards


@pytest.mark.parametrize("role", sorted(roles.ROLES))
def test_directory_user_signs_in_and_sees_the_modules_of_their_role(ldap_settings, one_card_per_capability, role):
    uid = ROLE_USERS[role]
    client = Client()

    response = sign_in(client, uid, ldap_settings.password(uid))

    # Laser roles first choose phone or PC (portal/landing.py); every other role lands on the portal's home.
    landing = reverse("laser:mode") if role.startswith("Laser_") else reverse("home")
    assert response.status_code == 302 and response["Location"] == landing
    user = User.objects.get(username=uid)
    assert user.is_ldap and not user.is_staff and not user.has_usable_password()
    assert (user.first_name, user.email) == (DIRECTORY_USERS[uid][0], f"{uid}@plant.local")
    assert set(user.groups.values_list("name", flat=True)) == {role}

    home = client.get(reverse("home"))
    assert home.status_code == 200
    shown = {card.key for card in home.context["cards"] if card.key.startswith("cap-")}
    assert shown == {f"cap-{perm}" for perm in CAPABILITIES if perm in roles.ROLES[role]}
    admin_link = f'href="{reverse("admin:index")}"'
    assert (admin_link in home.content.decode()) == (role in ADMIN_ROLES)
    admin_page = client.get(reverse("admin:index"))
    if role in ADMIN_ROLES:
        assert admin_page.status_code == 200
    else:
        assert admin_page.status_code in (302, 403)


def test_user_in_two_groups_gets_both_roles(ldap_settings):
    sign_in(Client(), "two.roles", ldap_settings.password("two.roles"))

    user = User.objects.get(username="two.roles")
    assert set(user.groups.values_list("name", flat=True)) == {roles.SCHEDULING_USER, roles.DOWNTIME_USER}
    assert user.has_perm(roles.REPORT_DOWNTIME) and user.has_perm(roles.VIEW_SCHEDULING)
    assert not user.has_perm(roles.UPDATE_SCHEDULING)


def test_sign_in_ignores_the_case_of_the_user_name(ldap_settings):
    response = sign_in(Client(), "DT.User", ldap_settings.password("dt.user"))

    assert response.status_code == 302
    assert list(User.objects.values_list("username", flat=True)) == ["dt.user"]
    # The next sign-in with yet another spelling is the same account.
    assert sign_in(Client(), "dt.USER", ldap_settings.password("dt.user")).status_code == 302
    assert User.objects.count() == 1


def test_windows_style_domain_prefix_is_accepted(ldap_settings):
    response = sign_in(Client(), "PLANT\\dt.user", ldap_settings.password("dt.user"))

    assert response.status_code == 302
    assert User.objects.filter(username="dt.user").exists()


def test_groups_follow_the_directory_at_the_next_sign_in(ldap_settings):
    client = Client()
    sign_in(client, "two.roles", ldap_settings.password("two.roles"))
    user = User.objects.get(username="two.roles")
    portal_only = Group.objects.create(name="Night shift leads")  # made in the portal, not in AD
    user.groups.add(portal_only)

    with ldap_settings.membership_removed(roles.DOWNTIME_USER, "two.roles"):
        ldap_settings.add_member("Accounting", "two.roles")
        try:
            sign_in(Client(), "two.roles", ldap_settings.password("two.roles"))
        finally:
            ldap_settings.remove_member("Accounting", "two.roles")

    names = set(user.groups.values_list("name", flat=True))
    assert names == {roles.SCHEDULING_USER, "Night shift leads"}  # removed role gone, portal group kept
    assert not Group.objects.filter(name="Accounting").exists()  # non-portal AD groups are not mirrored
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm(roles.REPORT_DOWNTIME)


def test_user_in_no_portal_group_is_refused_with_a_clear_message(ldap_settings):
    client = Client()

    response = sign_in(client, "outsider", ldap_settings.password("outsider"), user_agent="Tablet 7")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your account is valid but is not a member of any Plant Portal group" in page
    assert all(group in page for group in roles.PORTAL_GROUPS)
    assert "password is not correct" not in page
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
    assert not User.objects.filter(username="outsider").exists()
    event = LoginEvent.objects.get()
    assert (event.username, event.outcome, event.ip_address, event.user_agent) == (
        "outsider", LoginEvent.Outcome.DENIED, "127.0.0.1", "Tablet 7"
    )


def test_refusals_for_no_group_do_not_lock_the_user_out(ldap_settings, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(Client(), "outsider", ldap_settings.password("outsider"))
        assert response.status_code == 200
        assert "not a member of any Plant Portal group" in response.content.decode()
    assert set(LoginEvent.objects.values_list("outcome", flat=True)) == {LoginEvent.Outcome.DENIED}


def test_user_removed_from_every_portal_group_loses_their_roles(ldap_settings):
    sign_in(Client(), "sched.user", ldap_settings.password("sched.user"))
    user = User.objects.get(username="sched.user")
    assert user.groups.filter(name=roles.SCHEDULING_USER).exists()

    with ldap_settings.membership_removed(roles.SCHEDULING_USER, "sched.user"):
        response = sign_in(Client(), "sched.user", ldap_settings.password("sched.user"))

    assert "not a member of any Plant Portal group" in response.content.decode()
    assert not user.groups.exists()


def test_wrong_password_gets_the_generic_message_and_a_failed_event(ldap_settings):
    client = Client()

    response = sign_in(client, "dt.admin", "not-the-password", user_agent="Firefox on line 3")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The user name or password is not correct" in page
    assert "not a member" not in page
    assert "_auth_user_id" not in client.session
    event = LoginEvent.objects.get()
    assert (event.username, event.outcome, event.ip_address, event.user_agent) == (
        "dt.admin", LoginEvent.Outcome.FAILED, "127.0.0.1", "Firefox on line 3"
    )
    assert not LoginEvent.objects.filter(user_agent__contains="not-the-password").exists()


def test_unknown_user_gets_the_generic_message(ldap_settings):
    response = sign_in(Client(), "nobody.here", "whatever-it-is")

    assert "The user name or password is not correct" in response.content.decode()
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.FAILED


def test_local_account_signs_in_with_ldap_configured(ldap_settings):
    UserFactory(username="production_portal_admin", roles=[roles.PORTAL_ADMIN])
    client = Client()

    response = sign_in(client, "Production_Portal_Admin", PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    event = LoginEvent.objects.get()
    assert (event.outcome, event.backend) == (LoginEvent.Outcome.SUCCESS, "local")


def test_directory_cannot_take_over_a_local_account(ldap_settings):
    """A local account named like a directory user keeps its own password; the AD password does not open it."""
    UserFactory(username="dt.user", roles=[roles.DOWNTIME_USER])

    response = sign_in(Client(), "dt.user", ldap_settings.password("dt.user"))

    assert "The user name or password is not correct" in response.content.decode()
    assert sign_in(Client(), "dt.user", PASSWORD).status_code == 302
    assert not User.objects.get(username="dt.user").is_ldap


def test_directory_unreachable_local_accounts_still_sign_in(ldap_server, db):
    UserFactory(username="production_portal_admin", roles=[roles.PORTAL_ADMIN])
    dead = f"ldap://127.0.0.1:{_free_port()}"  # nothing listens there
    with override_settings(**ldap_settings_for(ldap_server, uri=dead)):
        local = sign_in(Client(), "production_portal_admin", PASSWORD)
        directory = sign_in(Client(), "dt.user", ldap_server.password("dt.user"))

    assert local.status_code == 302 and local["Location"] == reverse("home")
    assert directory.status_code == 200
    assert "cannot be reached right now" in directory.content.decode()
    assert list(LoginEvent.objects.order_by("created_at", "pk").values_list("username", "outcome")) == [
        ("production_portal_admin", LoginEvent.Outcome.SUCCESS),
        ("dt.user", LoginEvent.Outcome.FAILED),
    ]


def test_wrong_service_account_password_is_reported_as_directory_unavailable(ldap_server, db):
    config = ldap_settings_for(ldap_server) | {"AUTH_LDAP_BIND_PASSWORD": "wrong-service-password"}
    with override_settings(**config):
        response = sign_in(Client(), "dt.user", ldap_server.password("dt.user"))

    assert response.status_code == 200
    assert "cannot be reached right now" in response.content.decode()


def test_start_tls_with_the_company_ca(ldap_server, db):
    config = ldap_settings_for(ldap_server) | {
        "AUTH_LDAP_START_TLS": True, "AUTH_LDAP_CA_CERT_FILE": ldap_server.ca_cert_file,
    }
    with override_settings(**config):
        response = sign_in(Client(), "dt.user", ldap_server.password("dt.user"))

    assert response.status_code == 302


def test_start_tls_refuses_a_certificate_from_an_unknown_ca(ldap_server, db):
    config = ldap_settings_for(ldap_server) | {"AUTH_LDAP_START_TLS": True, "AUTH_LDAP_CA_CERT_FILE": ""}
    with override_settings(**config):
        response = sign_in(Client(), "dt.user", ldap_server.password("dt.user"))

    assert response.status_code == 200
    assert "cannot be reached right now" in response.content.decode()


def test_single_session_with_directory_accounts(ldap_settings):
    first, second = Client(), Client()
    sign_in(first, "sched.admin", ldap_settings.password("sched.admin"), user_agent="Office PC")
    assert first.get(reverse("home")).status_code == 200

    sign_in(second, "sched.admin", ldap_settings.password("sched.admin"), user_agent="Floor tablet")

    response = first.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "You were signed out because your account signed in on another device" in response.content.decode()
    assert second.get(reverse("home")).status_code == 200
    ended = LoginEvent.objects.get(outcome=LoginEvent.Outcome.ENDED)
    assert (ended.username, ended.user_agent) == ("sched.admin", "Office PC")


def test_a_role_mapped_to_a_renamed_ad_group_signs_in_through_the_directory(ldap_settings, settings):
    """The plant names its scheduling users' group "PP-Schedulers": AD_GROUP_SCHEDULING_USER maps it, no code
    change; the default name no longer gives the role."""
    settings.AD_GROUP_NAMES = {"SCHEDULING_USER": "PP-Schedulers"}
    with ldap_settings.group_added("PP-Schedulers", "plan.user"):
        response = sign_in(Client(), "plan.user", ldap_settings.password("plan.user"))
        assert response.status_code == 302
        user = User.objects.get(username="plan.user")
        # The role's portal group (named like the role) with its permissions, beside the Planner role
        assert set(user.groups.values_list("name", flat=True)) == {roles.SCHEDULING_USER, roles.PLANNER}
        assert User.objects.get(pk=user.pk).has_perm(roles.VIEW_SCHEDULING)
        # two.roles is in the group under its default name only: that no longer gives the role
        sign_in(Client(), "two.roles", ldap_settings.password("two.roles"))
        two = User.objects.get(username="two.roles")
        assert set(two.groups.values_list("name", flat=True)) == {roles.DOWNTIME_USER}
        # Refusal message names the groups as the directory knows them
        refused = sign_in(Client(), "outsider", ldap_settings.password("outsider")).content.decode()
        assert "PP-Schedulers" in refused
    # Back to the default name: the role follows the directory again at the next sign-in
    settings.AD_GROUP_NAMES = {}
    sign_in(Client(), "plan.user", ldap_settings.password("plan.user"))
    assert set(User.objects.get(username="plan.user").groups.values_list("name", flat=True)) == {roles.PLANNER}


def test_a_misspelt_role_in_the_ad_group_settings_is_reported_not_ignored(ldap_settings, settings, caplog):
    settings.AD_GROUP_NAMES = {"SCHEDULNG_USER": "PP-Schedulers"}
    response = sign_in(Client(), "sched.user", ldap_settings.password("sched.user"))
    assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session
    assert "AD_GROUP_SCHEDULNG_USER names no role" in caplog.text
