"""REST: grid rows, projection PATCH (403 for read-only users, 400 invalid, 409 conflict), summary, preferences."""

from __future__ import annotations

import pytest

from scheduling.models import GridPreference, Projection, ProjectionChange

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def _patch(client, line_id, field, value, version):
    return client.patch(f"/api/scheduling/projections/{line_id}/", {"field": field, "value": value, "version": version},
                        content_type="application/json")


def test_lines_are_paginated_and_filtered_with_projections(client, projected, viewer):
    client.force_login(viewer)
    data = client.get("/api/scheduling/lines/").json()
    assert data["count"] == 3
    first = data["results"][0]
    assert (first["sales_order"], first["low_risk_qty"], first["low_risk_value"], first["version"]) == (
        "SO1", 30, "75.00", 2)
    assert first["open_quantity"] == "60.0000" and first["projection_updated_by"] == "Pat Planner"
    data = client.get("/api/scheduling/lines/", {"facility": "MTY"}).json()
    assert [r["sales_order"] for r in data["results"]] == ["SO2"]


def test_read_only_users_are_refused_on_the_server(client, projected, viewer):
    client.force_login(viewer)
    line = projected["lines"][0]
    response = _patch(client, line.pk, "low_risk", 1, 2)
    assert response.status_code == 403
    assert Projection.objects.get(so_line_id=line.pk).low_risk_qty == 30
    assert client.post(f"/api/scheduling/projections/{line.pk}/", {}).status_code == 403


def test_an_update_returns_the_new_values_and_version(client, scenario, planner):
    client.force_login(planner)
    line = scenario["lines"][1]
    response = _patch(client, line.pk, "high_risk", "6", 0)
    assert response.status_code == 200
    body = response.json()
    assert (body["high_risk_qty"], body["high_risk_value"], body["high_risk_value_display"], body["version"]) == (
        6, "74.07", "$74.07", 1)


@pytest.mark.parametrize(("value", "message"), [("2.5", "whole"), ("-3", "negative"), ("11", "open quantity"),
                                                 ("x", "not a number")])
def test_invalid_values_are_400_with_a_message(client, scenario, planner, value, message):
    client.force_login(planner)
    response = _patch(client, scenario["lines"][1].pk, "low_risk", value, 0)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Projection.objects.exists()


def test_missing_version_or_bad_field_is_400(client, scenario, planner):
    client.force_login(planner)
    url = f"/api/scheduling/projections/{scenario['lines'][0].pk}/"
    assert client.patch(url, {"field": "low_risk", "value": 1}, content_type="application/json").status_code == 400
    assert _patch(client, scenario["lines"][0].pk, "cost", 1, 0).status_code == 400
    assert client.patch(url, "not json", content_type="application/json").status_code == 400


def test_a_stale_version_is_409_with_the_current_value_and_who_set_it(client, projected, other_planner):
    client.force_login(other_planner)
    line = projected["lines"][0]
    response = _patch(client, line.pk, "low_risk", 12, 1)  # the line is at version 2
    assert response.status_code == 409
    body = response.json()
    assert body["current_value"] == 30 and body["current"]["updated_by"] == "Pat Planner"
    assert body["current"]["version"] == 2
    assert "Pat Planner" in body["detail"]
    assert Projection.objects.get(so_line_id=line.pk).low_risk_qty == 30


def test_projection_detail_lists_its_history(client, projected, viewer):
    client.force_login(viewer)
    line = projected["lines"][0]
    body = client.get(f"/api/scheduling/projections/{line.pk}/").json()
    assert body["version"] == 2
    assert [(h["field"], h["old_value"], h["new_value"], h["changed_by"]) for h in body["history"]] == [
        ("high_risk", 0, 20, "Pat Planner"), ("low_risk", None, 30, "Pat Planner")]
    assert client.get("/api/scheduling/projections/999999/").status_code == 404


def test_summary_endpoint(client, projected, viewer):
    client.force_login(viewer)
    body = client.get("/api/scheduling/summary/").json()
    assert [b["value"] for b in body["fg_buckets"]] == ["30.00", "40.00", "14.00"]
    assert (body["shipped_this_month"], body["likely_this_month"], body["potential_this_month"]) == (
        "123.45", "124.38", "248.46")


def test_preferences_are_saved_per_user(client, viewer):
    client.force_login(viewer)
    response = client.put("/api/scheduling/preferences/", {"hidden_columns": ["customer_name", "customer_name",
                                                                             "open_value"]},
                          content_type="application/json")
    assert response.status_code == 200
    assert GridPreference.objects.get(user=viewer).hidden_columns == ["customer_name", "open_value"]
    assert client.get("/api/scheduling/preferences/").json()["hidden_columns"] == ["customer_name", "open_value"]
    bad = client.put("/api/scheduling/preferences/", {"hidden_columns": ["password"]}, content_type="application/json")
    assert bad.status_code == 400 and "Unknown column" in bad.json()["detail"]


def test_other_roles_cannot_read(client_for, scenario):
    client = client_for("DowntimeTracker_User")
    for url in ("/api/scheduling/lines/", "/api/scheduling/summary/", "/api/scheduling/preferences/"):
        assert client.get(url).status_code == 403
    assert ProjectionChange.objects.count() == 0
