"""Shared floor tablets (issue 32): an idle floor user is signed out after the timeout (30 minutes by default),
the page carries the warning a minute before, background requests are not activity, and a command queued on the
tablet is refused while signed out (kept by the queue) and recorded under its author when they sign in again."""

import pytest
from django.urls import reverse

from portal.auth import idle
from portal.roles import FLOOR_ROLES, PLANNER, PRODUCTION_OPERATOR
from portal.testing.factories import DepartmentFactory, ProductionLineFactory, UserFactory
from production.models import Movement

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(idle.time, "time", fake)
    return fake


@pytest.fixture
def operator():
    line = ProductionLineFactory(code="WC001")
    department = DepartmentFactory(name="Production")
    department.lines.add(line)
    user = UserFactory(username="op", roles=[PRODUCTION_OPERATOR])
    user.departments.add(department)
    return user, line


def test_the_page_counts_down_for_floor_roles_only(client, clock, operator, settings):
    assert PRODUCTION_OPERATOR in FLOOR_ROLES and settings.IDLE_TIMEOUT_MINUTES == 30
    client.force_login(operator[0])
    page = client.get(reverse("home")).content.decode()
    assert 'id="idle-timeout"' in page and 'data-timeout="1800"' in page and 'data-warning="60"' in page
    client.force_login(UserFactory(username="planner", roles=[PLANNER]))
    page = client.get(reverse("home")).content.decode()
    assert 'id="idle-timeout"' not in page
    clock.advance(600)
    assert client.get(reverse("home")).status_code == 200  # an office desk is not signed out


def test_an_idle_tablet_signs_out_and_the_queued_entry_is_sent_under_its_author(client, clock, operator):
    user, line = operator
    client.force_login(user)
    clock.advance(20)
    assert client.get(reverse("home")).status_code == 200  # activity: the clock restarts
    clock.advance(25)
    # htmx polls and refreshes are not activity
    assert client.get(reverse("home"), HTTP_HX_REQUEST="true").status_code == 200
    clock.advance(4.9)
    assert client.post(reverse("keepalive")).json()["remaining"] == 1800  # a tap on the page
    clock.advance(29.9)
    assert client.get(reverse("home")).status_code == 200
    clock.advance(30)
    # the queue replays the entry typed before the tablet went idle: 401 in the refusal contract, nothing recorded
    body = {"line": line.pk, "order_number": "PO-1", "direction": "IN", "quantity": 5,
            "idempotency_key": "6f1c1b7e-6f0a-4a53-9a2e-5b4f0f4f4f4f"}
    refused = client.post("/api/production/movements/", body, content_type="application/json",
                          HTTP_X_OFFLINE_REPLAY="1")
    assert refused.status_code == 401 and refused.json()["code"] == "signed_out"
    assert not Movement.objects.exists()
    # signed out: the next page is the sign-in page, which says why
    page = client.get(reverse("home"), follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("login"))
    assert "30 minutes without activity" in page.content.decode()
    # another operator on the same tablet: the entry is not theirs (the queue keeps it for its author); its author
    # signs in again and the replay is recorded once, under them
    client.force_login(user)
    sent = client.post("/api/production/movements/", body, content_type="application/json",
                       HTTP_X_OFFLINE_REPLAY="1")
    assert sent.status_code == 201
    again = client.post("/api/production/movements/", body, content_type="application/json",
                        HTTP_X_OFFLINE_REPLAY="1")
    assert again.status_code == 200
    assert list(Movement.objects.values_list("user__username", flat=True)) == ["op"]


def test_htmx_gets_a_redirect_to_sign_in(client, clock, operator):
    client.force_login(operator[0])
    clock.advance(31)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")


def test_the_timeout_is_configurable(client, clock, operator, settings):
    settings.IDLE_TIMEOUT_MINUTES = 5
    client.force_login(operator[0])
    clock.advance(4.9)
    assert client.get(reverse("home")).status_code == 200
    clock.advance(5.1)
    assert client.get(reverse("home")).status_code == 302
    settings.IDLE_TIMEOUT_MINUTES = 0
    client.force_login(operator[0])
    clock.advance(600)
    assert client.get(reverse("home")).status_code == 200
