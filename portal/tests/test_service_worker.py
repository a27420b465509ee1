"""The floor pages' service worker script: public, at the root scope, never caching submissions."""

import pytest

from portal.offline import HEADER


def test_the_worker_is_served_at_the_root_with_its_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    assert "__SW_VERSION__" not in body  # stamped with the script's own hash
    assert 'request.method !== "GET"' in body  # posts (submissions) are never answered from a cache


@pytest.mark.django_db
def test_only_floor_pages_offer_their_shell(client, role_user):
    client.force_login(role_user("DowntimeTracker_User"))
    page = client.get("/downtime/")
    assert page[HEADER] == "1"
    assert b"data-offline-shell" in page.content
    assert HEADER not in client.get("/")
    assert HEADER not in client.get("/downtime/today/")
