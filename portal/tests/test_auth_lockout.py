"""Lockout after repeated failed sign-ins (django-axes, limit 3 in test settings)."""

import pytest
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.models import LoginEvent
from portal.testing.factories import UserFactory
from portal.testing.fixtures import PASSWORD
from portal.testing.ldap import sign_in

Outcome = LoginEvent.Outcome


def _fail_until_locked(client, username, limit):
    responses = [sign_in(client, username, f"wrong-{i}") for i in range(limit)]
    return responses


@pytest.mark.ldap
def test_directory_user_is_locked_out_then_even_the_right_password_is_refused(ldap_settings, settings):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT

    responses = _fail_until_locked(client, "sched.user", limit)

    assert [r.status_code for r in responses[:-1]] == [200] * (limit - 1)
    assert "The user name or password is not correct" in responses[0].content.decode()
    locked = responses[-1]
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.content.decode()

    right = sign_in(client, "sched.user", ldap_settings.password("sched.user"))
    assert right.status_code == 429
    assert "Too many failed sign-in attempts for sched.user" in right.content.decode()
    assert "_auth_user_id" not in client.session
    # Another spelling of the same name is the same account: no fresh set of guesses.
    assert sign_in(client, "SCHED.USER", ldap_settings.password("sched.user")).status_code == 429
    outcomes = list(LoginEvent.objects.order_by("created_at", "pk").values_list("outcome", flat=True))
    assert outcomes == [Outcome.FAILED] * (limit - 1) + [Outcome.LOCKED] * 3


def test_local_account_lockout_and_the_lockout_page(db, settings):
    UserFactory(username="production_portal_admin", roles=[roles.PORTAL_ADMIN])
    client = Client()
    settings.AXES_COOLOFF_TIME = 0.5  # hours

    *_, locked = _fail_until_locked(client, "production_portal_admin", settings.AXES_FAILURE_LIMIT)

    page = locked.content.decode()
    assert locked.status_code == 429
    assert "Try again in 30 minutes" in page
    assert f'href="{reverse("login")}"' in page  # back to the form, e.g. for another person on a shared tablet
    assert sign_in(client, "production_portal_admin", PASSWORD).status_code == 429


def test_lockout_is_per_user_name_and_device(db, settings):
    UserFactory(username="alice", roles=[roles.SCHEDULING_USER])
    UserFactory(username="bob", roles=[roles.SCHEDULING_USER])
    _fail_until_locked(Client(), "alice", settings.AXES_FAILURE_LIMIT)

    # Bob on the same tablet is not locked out, nor is Alice on her own PC.
    assert sign_in(Client(), "bob", PASSWORD).status_code == 302
    other_pc = Client(REMOTE_ADDR="10.1.2.3")
    assert sign_in(other_pc, "alice", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(db, settings):
    UserFactory(username="alice", roles=[roles.SCHEDULING_USER])
    limit = settings.AXES_FAILURE_LIMIT
    _fail_until_locked(Client(), "alice", limit - 1)
    assert sign_in(Client(), "alice", PASSWORD).status_code == 302

    responses = _fail_until_locked(Client(), "alice", limit - 1)

    assert all(r.status_code == 200 for r in responses)
