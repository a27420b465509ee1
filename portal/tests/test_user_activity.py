"""User management: sign-ins per period, last sign-in, last action, CSV export (hand-computed example)."""

import csv
import datetime as dt
import io
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import LoginEvent
from portal.services.user_activity import activity
from portal.testing.factories import FacilityFactory, UserFactory

NOW = timezone.now()


def _login(user, days_ago: float, outcome=LoginEvent.Outcome.SUCCESS):
    event = LoginEvent.objects.create(username=user.username, user=user, outcome=outcome)
    LoginEvent.objects.filter(pk=event.pk).update(created_at=NOW - dt.timedelta(days=days_ago))


@pytest.fixture
def alice(db):
    """Successful sign-ins 1, 5, 20 and 40 days ago; a failure 2 days ago; a logout (not a sign-in) yesterday;
    her latest audited change 3 days ago."""
    user = UserFactory(username="alice", first_name="Alice", last_name="Ames")
    for days in (1, 5, 20, 40):
        _login(user, days)
    _login(user, 2, LoginEvent.Outcome.FAILED)
    _login(user, 1, LoginEvent.Outcome.LOGOUT)
    with set_actor(user):
        FacilityFactory(code="ALI")
    LogEntry.objects.filter(actor=user).update(timestamp=NOW - dt.timedelta(days=3))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "logins"), [(7, 2), (30, 3), (90, 4)])
def test_sign_ins_counted_per_period(alice, days, logins):
    UserFactory(username="bob")
    rows = {u.username: u for u in activity(days, now=NOW)}
    assert rows["alice"].logins == logins
    assert rows["alice"].failed_logins == 1
    assert rows["alice"].last_action == NOW - dt.timedelta(days=3)
    assert (rows["bob"].logins, rows["bob"].failed_logins, rows["bob"].last_action) == (0, 0, None)


@pytest.mark.django_db
def test_page_shows_the_counts_of_the_chosen_period(client, role_user, alice):
    client.force_login(role_user("DowntimeTracker_Admin"))
    page = client.get("/users/activity/", {"period": "7", "q": "alice"})
    assert page.status_code == 200
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr.*?</tr>", page.content.decode(),
                                                                           re.S)]
    cells = next([re.sub(r"<[^>]+>|\s", "", c) for c in row] for row in rows if row and "alice" in row[0])
    assert cells[4:6] == ["2", "1"]  # sign-ins and failures of the last 7 days


@pytest.mark.django_db
def test_csv_export_has_the_filtered_rows_and_is_formula_safe(client, role_user, alice):
    UserFactory(username="mallory", first_name="=HYPERLINK(1)", last_name="X")
    client.force_login(role_user("Scheduling_Admin"))
    response = client.get("/users/activity/", {"period": "30", "export": "csv", "sort": "username"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Username", "Name", "Roles", "Active", "Sign-ins in period", "Failed sign-ins in period",
                       "Last sign-in", "Last action"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["alice"][1] == "Alice Ames"
    assert by_name["alice"][3:6] == ["yes", "3", "1"]
    assert by_name["alice"][7] == timezone.localtime(NOW - dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    assert by_name["mallory"][1].startswith("'=")  # not a formula when opened in Excel
    filtered = client.get("/users/activity/", {"export": "csv", "q": "alice"})
    assert [row[0] for row in csv.reader(io.StringIO(b"".join(filtered.streaming_content).decode()))][1:] == [
        "alice"]


@pytest.mark.django_db
def test_refused_without_the_user_permission(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    assert client.get("/users/activity/").status_code == 403
    assert client.get("/users/activity/", {"export": "csv"}).status_code == 403


@pytest.mark.django_db
def test_query_count_does_not_grow_with_users(client, role_user):
    client.force_login(role_user("Production_Portal_Admin"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/users/activity/").status_code == 200
        return len(queries)

    few = count()
    for n in range(30):
        user = UserFactory(username=f"worker{n}", roles=["DowntimeTracker_User"])
        _login(user, 1)
    assert count() <= few + 1  # +1: the roles' prefetch runs once rows have groups
