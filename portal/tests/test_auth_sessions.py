"""The sign-in page with local accounts: single session, sign-out, language, ``next``, login history."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.models import LoginEvent, User
from portal.testing.factories import UserFactory
from portal.testing.fixtures import PASSWORD
from portal.testing.ldap import sign_in

Outcome = LoginEvent.Outcome
ENDED_MESSAGE = "You were signed out because your account signed in on another device"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", roles=[roles.SCHEDULING_USER])


def test_sign_in_page_is_public_with_large_touch_targets(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="username"' in page and 'autocomplete="current-password"' in page
    assert "form-control-lg" in page and "btn-lg" in page


def test_success_is_recorded_with_ip_and_a_truncated_user_agent(alice):
    long_agent = "Mozilla/5.0 " + "x" * 600

    response = sign_in(Client(), "alice", PASSWORD, user_agent=long_agent)

    assert response.status_code == 302
    event = LoginEvent.objects.get()
    assert (event.username, event.user, event.outcome, event.ip_address, event.backend) == (
        "alice", alice, Outcome.SUCCESS, "127.0.0.1", "local"
    )
    assert event.user_agent == long_agent[:400]


def test_no_password_is_stored_in_the_history(alice):
    sign_in(Client(), "alice", "Secret-Typo-123")
    sign_in(Client(), "alice", PASSWORD)

    for row in LoginEvent.objects.values():
        assert not any(isinstance(v, str) and ("Secret-Typo" in v or PASSWORD in v) for v in row.values())


def test_second_sign_in_ends_the_first_session(alice):
    office, tablet = Client(), Client()
    sign_in(office, "alice", PASSWORD, user_agent="Office PC")
    office_key = office.session.session_key
    assert office.get(reverse("home")).status_code == 200

    sign_in(tablet, "alice", PASSWORD, user_agent="Floor tablet")

    alice.refresh_from_db()
    assert alice.session_key == tablet.session.session_key
    assert "_auth_user_id" not in Session.objects.get(session_key=office_key).get_decoded()
    response = office.get(reverse("profile"), follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('login')}?next={reverse('profile')}"
    assert ENDED_MESSAGE in response.content.decode()
    # The message is said once; the tablet carries on.
    assert ENDED_MESSAGE not in office.get(reverse("login")).content.decode()
    assert tablet.get(reverse("home")).status_code == 200
    ended = LoginEvent.objects.get(outcome=Outcome.ENDED)
    assert (ended.user, ended.user_agent, ended.ip_address) == (alice, "Office PC", "127.0.0.1")


def test_old_browser_can_sign_in_again_and_end_the_other(alice):
    office, tablet = Client(), Client()
    sign_in(office, "alice", PASSWORD)
    sign_in(tablet, "alice", PASSWORD)

    assert sign_in(office, "alice", PASSWORD).status_code == 302

    assert office.get(reverse("home")).status_code == 200
    assert tablet.get(reverse("home")).status_code == 302
    assert LoginEvent.objects.filter(outcome=Outcome.ENDED).count() == 2


def test_other_users_sessions_are_not_touched(alice):
    bob = UserFactory(username="bob", roles=[roles.SCHEDULING_USER])
    alice_client, bob_client = Client(), Client()
    sign_in(bob_client, "bob", PASSWORD)
    sign_in(alice_client, "alice", PASSWORD)
    sign_in(Client(), "alice", PASSWORD)

    assert bob_client.get(reverse("home")).status_code == 200
    assert not LoginEvent.objects.filter(user=bob, outcome=Outcome.ENDED).exists()


def test_htmx_request_of_an_ended_session_redirects_the_whole_page(alice):
    office = Client()
    sign_in(office, "alice", PASSWORD)
    sign_in(Client(), "alice", PASSWORD)

    response = office.get(reverse("home"), headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")


def test_session_that_could_not_be_ended_in_the_store_is_ended_on_its_next_request(alice):
    """E.g. a session backend that cannot be rewritten: the user row still says which session is current."""
    office = Client()
    sign_in(office, "alice", PASSWORD)
    User.objects.filter(pk=alice.pk).update(session_key="a-newer-session-elsewhere")

    response = office.get(reverse("home"), follow=True)

    assert ENDED_MESSAGE in response.content.decode()
    assert LoginEvent.objects.filter(outcome=Outcome.ENDED, user=alice).count() == 1


def test_changing_ones_password_keeps_the_session(db):
    admin = UserFactory(username="production_portal_admin", roles=[roles.PORTAL_ADMIN])
    client = Client()
    sign_in(client, "production_portal_admin", PASSWORD)
    new_password = "A-much-longer-new-passphrase-42"

    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # the cycled session key is still the current one
    admin.refresh_from_db()
    assert admin.session_key == client.session.session_key
    # ... and a later sign-in elsewhere still ends it.
    sign_in(Client(), "production_portal_admin", new_password)
    assert client.get(reverse("home")).status_code == 302


def test_sign_out_is_post_only_and_recorded(alice):
    client = Client()
    sign_in(client, "alice", PASSWORD)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    alice.refresh_from_db()
    assert alice.session_key == ""
    assert list(LoginEvent.objects.order_by("created_at", "pk").values_list("outcome", flat=True)) == [
        Outcome.SUCCESS, Outcome.LOGOUT,
    ]


def test_sign_in_applies_the_users_language(db):
    UserFactory(username="maria", language="es", roles=[roles.DOWNTIME_USER])
    client = Client()

    response = sign_in(client, "maria", PASSWORD)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    home = client.get(reverse("home"))
    assert '<html lang="es"' in home.content.decode()


def test_next_is_followed_only_within_the_portal(alice):
    assert sign_in(Client(), "alice", PASSWORD, next_url=reverse("profile"))["Location"] == reverse("profile")
    evil = sign_in(Client(), "alice", PASSWORD, next_url="https://evil.example/phish")
    assert evil["Location"] == reverse("home")
    protocol_relative = sign_in(Client(), "alice", PASSWORD, next_url="//evil.example/")
    assert protocol_relative["Location"] == reverse("home")


def test_next_pointing_at_the_login_page_does_not_loop(alice):
    client = Client()
    assert sign_in(client, "alice", PASSWORD, next_url=reverse("login"))["Location"] == reverse("home")

    response = client.get(reverse("login"), {"next": reverse("login")})

    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_login_page_keeps_next_for_the_form(client):
    response = client.get(reverse("profile"), follow=True)

    assert f'name="next" value="{reverse("profile")}"' in response.content.decode()


def test_signed_in_user_opening_the_login_page_goes_home(alice):
    client = Client()
    sign_in(client, "alice", PASSWORD)

    assert client.get(reverse("login"))["Location"] == reverse("home")


def test_disabled_account_is_told_so(db):
    UserFactory(username="carl", is_active=False, roles=[roles.DOWNTIME_USER])

    response = sign_in(Client(), "carl", PASSWORD)

    assert response.status_code == 200
    assert "The user name or password is not correct" in response.content.decode()


@pytest.mark.parametrize("data", [{"username": "", "password": ""}, {"username": "a" * 500, "password": "x"},
                                  {"username": "alice\x00", "password": "x"}])
def test_bad_input_gets_a_form_error_not_a_500(alice, data):
    client = Client()
    response = client.post(reverse("login"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
