"""REST API of the core: the signed-in user, plant data and the current shift."""

import pytest


@pytest.mark.django_db
def test_me_lists_effective_permissions_and_updates_preferences(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    me = client.get("/api/me/").json()
    assert "portal.view_scheduling" in me["permissions"] and me["groups"] == ["Scheduling_User"]
    response = client.patch("/api/me/", {"theme": "dark"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["theme"] == "dark"
    bad = client.patch("/api/me/", {"theme": "neon"}, content_type="application/json")
    assert bad.status_code == 400 and "theme" in bad.json()


@pytest.mark.django_db
def test_current_shift_endpoint(client, role_user, plant):
    client.force_login(role_user("DowntimeTracker_User"))
    facility = plant["facility"]
    night = client.get(f"/api/portal/facilities/{facility.pk}/current-shift/", {"at": "2026-03-03T01:30:00-06:00"})
    assert night.status_code == 200
    assert night.json()["shift"]["name"] == "Night" and night.json()["production_date"] == "2026-03-02"
    bad = client.get(f"/api/portal/facilities/{facility.pk}/current-shift/", {"at": "yesterday"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_token_authentication(client, role_user, plant):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=role_user("Scheduling_User"))
    response = client.get("/api/portal/lines/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["count"] == 2
    assert client.get("/api/portal/lines/").status_code == 401


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/portal/facilities/{id}/current-shift/" in schema["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


@pytest.mark.django_db
def test_missing_or_unknown_credentials_answer_401_with_the_scheme_to_use(client):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Token not-a-token"}):
        response = client.get("/api/me/", **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["detail"] and response.json()["code"] in ("not_authenticated", "authentication_failed")


@pytest.mark.django_db
def test_invalid_input_answers_the_one_refusal_contract(client, role_user):
    client.force_login(role_user("DowntimeTracker_User"))
    response = client.patch("/api/me/", {"theme": "purple"}, content_type="application/json")
    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid" and "theme" in body and body["detail"] == " ".join(body["theme"])


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json_404(client, role_user):
    client.force_login(role_user("DowntimeTracker_User"))
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
