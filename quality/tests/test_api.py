"""Quality REST: deny by default, record a reject once per key, refuse bad input with field errors."""

import uuid

import pytest
from rest_framework.test import APIClient

from quality.models import InternalReject

pytestmark = pytest.mark.django_db


def test_reject_recorded_once_per_key_and_validated(plant):
    api = APIClient()
    api.force_authenticate(plant["inspector"])
    key = str(uuid.uuid4())
    body = {"line": plant["line"].pk, "part": "P-1", "quantity": 2, "defect": plant["scratch"].pk,
            "idempotency_key": key}
    first = api.post("/api/quality/rejects/", body, format="json")
    again = api.post("/api/quality/rejects/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["state"] == "submitted"
    bad = api.post("/api/quality/rejects/", {**body, "idempotency_key": None, "quantity": 0,
                                             "defect": plant["main"].pk}, format="json")
    assert bad.status_code == 400 and {"quantity", "defect"} <= set(bad.json())
    assert InternalReject.objects.count() == 1
    assert api.get("/api/quality/rejects/").json()["count"] == 1


def test_no_permission_no_data(plant):
    api = APIClient()
    api.force_authenticate(plant["floor"])
    for path in ("rejects", "returns", "ncrs", "capas"):
        assert api.get(f"/api/quality/{path}/").status_code == 403
    # tickets, as on the pages, are everyone's who is in a department involved: none of this user's
    tickets = api.get("/api/quality/tickets/")
    assert tickets.status_code == 200 and tickets.json()["results"] == []
