"""REST API of downtime events and the summary."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from downtime.models import DowntimeEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(operator):
    client = APIClient()
    client.force_authenticate(operator)
    return client


def _body(plant, categories, **extra):
    return {"line": plant["lines"][0].pk, "start": "2026-01-15T08:00:00-06:00", "end": "2026-01-15T08:30:00-06:00",
            "crew_size": 2, "category": categories["jam"].pk, **extra}


def test_create_is_idempotent(api, plant, categories):
    key = str(uuid.uuid4())
    first = api.post("/api/downtime/events/", _body(plant, categories, idempotency_key=key), format="json")
    again = api.post("/api/downtime/events/", _body(plant, categories, idempotency_key=key), format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and first.json()["duration_minutes"] == 30
    assert first.json()["shift_name"] == "Day" and first.json()["production_date"] == "2026-01-15"
    assert DowntimeEvent.objects.count() == 1


def test_rules_answer_400_and_409(api, plant, categories):
    bad = api.post("/api/downtime/events/", _body(plant, categories, end="2026-01-15T07:00:00-06:00"), format="json")
    assert bad.status_code == 400 and bad.json() == {"end": ["The end must be after the start."],
                                                     "detail": "The end must be after the start.", "code": "invalid"}
    bad = api.post("/api/downtime/events/", _body(plant, categories, crew_size=-1), format="json")
    assert bad.status_code == 400 and bad.json()["crew_size"] == ["Crew size must be a whole number, 0 or more."]
    api.post("/api/downtime/events/", _body(plant, categories), format="json")
    conflict = api.post("/api/downtime/events/", _body(plant, categories), format="json")
    assert conflict.status_code == 409 and list(conflict.json()["needs_confirmation"]) == ["confirm_overlap"]
    assert conflict.json()["code"] == "needs_confirmation" and "overlaps" in conflict.json()["detail"]
    ok = api.post("/api/downtime/events/", _body(plant, categories, confirm_overlap=True), format="json")
    assert ok.status_code == 201


def test_update_and_delete_own_only(api, plant, categories, other_operator):
    event_id = api.post("/api/downtime/events/", _body(plant, categories), format="json").json()["id"]
    changed = api.put(f"/api/downtime/events/{event_id}/",
                      _body(plant, categories, end="2026-01-15T08:45:00-06:00"), format="json")
    assert changed.status_code == 200 and changed.json()["duration_minutes"] == 45
    other = APIClient()
    other.force_authenticate(other_operator)
    refused = other.put(f"/api/downtime/events/{event_id}/", _body(plant, categories), format="json")
    assert refused.status_code == 403 and refused.json() == {
        "detail": "You can change only the entries you recorded.", "code": "forbidden"}
    assert other.delete(f"/api/downtime/events/{event_id}/").status_code == 403
    assert DowntimeEvent.objects.get(pk=event_id).duration_minutes == 45
    assert api.delete(f"/api/downtime/events/{event_id}/").status_code == 204
    assert not DowntimeEvent.objects.exists()


def test_list_filters_and_bounded_queries(api, plant, categories):
    for hour in range(8, 12):
        api.post("/api/downtime/events/", _body(plant, categories, start=f"2026-01-15T{hour:02d}:00:00-06:00",
                                                end=f"2026-01-15T{hour:02d}:20:00-06:00"), format="json")
    api.post("/api/downtime/events/", _body(plant, categories, line=plant["lines"][1].pk), format="json")
    listed = api.get(f"/api/downtime/events/?line={plant['lines'][1].pk}").json()
    assert listed["count"] == 1 and listed["results"][0]["line_code"] == "L2"
    assert listed["results"][0]["category_path"] == "Mechanical › Jam"
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/downtime/events/").json()["count"] == 5
    for hour in range(12, 20):
        api.post("/api/downtime/events/", _body(plant, categories, start=f"2026-01-15T{hour:02d}:00:00-06:00",
                                                end=f"2026-01-15T{hour:02d}:20:00-06:00"), format="json")
    with CaptureQueriesContext(connection) as ctx_more:
        assert api.get("/api/downtime/events/").json()["count"] == 13
    assert len(ctx_more.captured_queries) == len(ctx.captured_queries) <= 6

def test_summary_endpoint(plant, categories, operator, reader):
    api = APIClient()
    api.force_authenticate(operator)
    api.post("/api/downtime/events/", _body(plant, categories), format="json")
    assert api.get("/api/downtime/summary/").status_code == 403  # operators have no "view reports"
    planner = reader
    reader = APIClient()
    reader.force_authenticate(planner)
    body = reader.get("/api/downtime/summary/?production_date_after=2026-01-01").json()
    assert (body["events"], body["minutes"], body["labour_minutes"]) == (1, 30, 60)
    assert body["level"] == 1 and body["by_category"][0]["label"] == "Mechanical"  # the top level by default
    body = reader.get("/api/downtime/summary/?production_date_after=2026-01-01&level=2").json()
    assert body["by_category"][0]["label"] == "Mechanical › Jam"
    assert reader.get("/api/downtime/summary/?production_date_after=nope").status_code == 400
