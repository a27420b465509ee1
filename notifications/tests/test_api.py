"""REST API (session auth): a user's own notifications only; everything else is a 404."""

import pytest
from django.test import Client

from notifications import services
from portal.testing.factories import FacilityFactory

pytestmark = pytest.mark.django_db

API = "/api/notifications/"


@pytest.fixture
def api(client, scheduler):
    client.force_login(scheduler)
    return client


def test_anonymous_is_refused(client):
    for path in (API, f"{API}unread-count/"):
        assert client.get(path).status_code in (401, 403)
    assert client.post(f"{API}read-all/").status_code in (401, 403)


def test_list_shows_only_the_users_audience(api, scheduler, outsider, raise_for):
    mine = raise_for(scheduler, title="Mine", url="/downtime/")
    raise_for(outsider, kind="test.theirs", title="Theirs")
    data = api.get(API).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == mine.pk and row["title"] == "Mine" and row["is_read"] is False
    assert row["source_type"] == "portal.facility" and row["source_id"] == str(mine.source_id)
    assert row["state"] == "open" and row["level"] == "info" and row["url"] == "/downtime/"


def test_list_filters_by_state_and_unread(api, scheduler, raise_for, facility):
    read = raise_for(scheduler, kind="test.read", title="Read")
    services.mark_read(scheduler, [read])
    raise_for(scheduler, kind="test.new", title="New")
    raise_for(scheduler, kind="test.gone", title="Gone")
    services.clear_condition("test.gone", facility)

    def titles(query):
        response = api.get(API + query)
        assert response.status_code == 200, response.content
        return {r["title"] for r in response.json()["results"]}

    assert titles("") == {"Read", "New", "Gone"}
    assert titles("?state=open") == {"Read", "New"}
    assert titles("?state=cleared") == {"Gone"}
    assert titles("?unread=true") == {"New"}
    assert titles("?unread=false") == {"Read", "Gone"}
    assert titles("?kind=test.new") == {"New"}


def test_bad_filter_value_is_a_400(api):
    response = api.get(API + "?state=exploded")
    assert response.status_code == 400 and "state" in response.json()


def test_unread_count(api, scheduler, raise_for):
    raise_for(scheduler)
    raise_for(scheduler, kind="test.two")
    assert api.get(f"{API}unread-count/").json() == {"unread": 2}


def test_mark_read_and_read_all(api, scheduler, raise_for):
    a = raise_for(scheduler)
    raise_for(scheduler, kind="test.two")
    response = api.post(f"{API}{a.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert api.get(f"{API}unread-count/").json() == {"unread": 1}
    assert api.post(f"{API}read-all/").json() == {"marked": 1}
    assert api.get(f"{API}unread-count/").json() == {"unread": 0}


def test_resolve_and_resolve_again(api, scheduler, raise_for):
    n = raise_for(scheduler)
    response = api.post(f"{API}{n.pk}/resolve/", {"note": "Fixed the sensor"}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "resolved" and body["resolved_by"] == scheduler.username
    assert body["resolution_note"] == "Fixed the sensor"
    again = api.post(f"{API}{n.pk}/resolve/")
    assert again.status_code == 409 and "no longer open" in again.json()["detail"]


def test_resolve_note_too_long_is_a_400(api, scheduler, raise_for):
    n = raise_for(scheduler)
    response = api.post(f"{API}{n.pk}/resolve/", {"note": "x" * 1001}, content_type="application/json")
    assert response.status_code == 400 and "note" in response.json()


def test_outside_the_audience_is_404_for_every_action(api, outsider, raise_for):
    theirs = raise_for(outsider)
    assert api.get(f"{API}{theirs.pk}/").status_code == 404
    assert api.post(f"{API}{theirs.pk}/read/").status_code == 404
    assert api.post(f"{API}{theirs.pk}/resolve/").status_code == 404
    assert api.post(f"{API}999999/read/").status_code == 404
    assert api.get(f"{API}not-a-number/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "open" and not theirs.reads.exists()


def test_wrong_methods_are_405(api, scheduler, raise_for):
    n = raise_for(scheduler)
    assert api.get(f"{API}{n.pk}/read/").status_code == 405
    assert api.get(f"{API}read-all/").status_code == 405
    assert api.delete(f"{API}{n.pk}/").status_code == 405
    assert api.post(API, {"title": "forged"}).status_code == 405


def test_session_posts_need_the_csrf_token(scheduler, raise_for):
    n = raise_for(scheduler)
    client = Client(enforce_csrf_checks=True)
    client.force_login(scheduler)
    assert client.post(f"{API}{n.pk}/read/").status_code == 403
    assert services.unread_count(scheduler) == 1


@pytest.mark.parametrize("existing", [1, 50])
def test_list_query_budget(api, scheduler, existing, django_assert_max_num_queries):
    for _ in range(existing):
        services.raise_notification("test.load", FacilityFactory(), title="t", users=[scheduler])
    # session, user, count, page (source type and resolver joined in)
    with django_assert_max_num_queries(4):
        response = api.get(API)
    assert response.json()["count"] == existing
