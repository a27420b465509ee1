"""The planning REST API: orders, stages (move refused with 409 and the reason), utilization, overrides,
exceptions; permissions as the pages."""

import pytest

from scheduling.planning.models import Operation, PlanException, PlanningOrder
from scheduling.planning.services.exceptions import detect_exceptions

from .conftest import MAR2

pytestmark = pytest.mark.django_db


def test_orders_list_and_create_with_items(scenario, client_for):
    api = client_for("Planner")
    listing = api.get("/api/planning/orders/").json()
    assert [o["number"] for o in listing["results"]] == ["B", "A"]
    created = api.post("/api/planning/orders/", {
        "number": "R1", "facility": "MAIN", "product_family": "BRACKET", "due_date": "2026-03-09",
        "items": [{"product": "P1", "quantity": 10}]}, content_type="application/json")
    assert created.status_code == 201
    assert PlanningOrder.objects.get(number="R1").items.get().quantity == 10


def test_order_transition_refused_is_a_409_with_the_reason(scenario, client_for):
    api = client_for("Planner")
    url = f"/api/planning/orders/{scenario['a'].pk}/transition/"
    refused = api.post(url, {"action": "finish"}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["detail"]
    assert api.post(url, {"action": "release"}, content_type="application/json").json()["state"] == "released"


def test_stage_move_through_the_api(scenario, client_for):
    api = client_for("Planner")
    weld = Operation.objects.get(order=scenario["b"], stage="welding")
    url = f"/api/planning/stages/{weld.pk}/move/"
    clash = api.post(url, {"start": "2026-03-02T17:00:00-06:00"}, content_type="application/json")
    assert clash.status_code == 409 and "busy with A" in clash.json()["detail"]
    moved = api.post(url, {"start": "2026-03-03T06:00:00-06:00"}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["planned_end"].startswith("2026-03-03T13:00")
    window = api.get("/api/planning/stages/", {"facility": "MAIN", "start": "2026-03-03T00:00:00-06:00"}).json()
    assert {s["stage"] for s in window["results"]} == {"welding"}


def test_utilization_and_override(scenario, client_for):
    api = client_for("Planner")
    rows = api.get("/api/planning/utilization/", {"facility": "MAIN", "first": "2026-03-02",
                                                  "last": "2026-03-02"}).json()
    l2 = next(r for r in rows if r["line_code"] == "L2")
    assert (l2["planned"], l2["capacity"], l2["over_capacity"]) == (600, 400, True)
    api.post("/api/planning/capacity-overrides/", {"line": scenario["l2"].pk, "first_day": "2026-03-02",
                                                   "last_day": "2026-03-02", "units_per_day": 800},
             content_type="application/json")
    rows = api.get("/api/planning/utilization/", {"facility": "MAIN", "first": "2026-03-02",
                                                  "last": "2026-03-02"}).json()
    assert next(r for r in rows if r["line_code"] == "L2")["over_capacity"] is False
    bad = api.get("/api/planning/utilization/", {"facility": "MAIN", "first": "2026-01-01", "last": "2026-12-31"})
    assert bad.status_code == 400


def test_exceptions_resolve_and_viewer_cannot_write(scenario, client_for):
    detect_exceptions(scenario["facility"], today=MAR2)
    late = PlanException.objects.get(kind="late")
    viewer = client_for("Scheduling_User")
    assert viewer.get("/api/planning/exceptions/").status_code == 403
    api = client_for("Planner")
    assert api.post(f"/api/planning/exceptions/{late.pk}/resolve/", {}, content_type="application/json"
                    ).status_code == 400
    done = api.post(f"/api/planning/exceptions/{late.pk}/resolve/", {"resolution_reason": "agreed"},
                    content_type="application/json")
    assert done.json()["state"] == "resolved"
