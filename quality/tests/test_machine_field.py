"""The optional machine of an internal reject: typed or scanned by its code (the shared scanner input), checked
against the reject's own line; a reject queued offline by the former page (a select's id) still keeps its machine."""

import pytest
from django.urls import reverse

from portal.models import Machine
from quality.models import InternalReject

pytestmark = pytest.mark.django_db


def _reject(client, plant, **extra):
    data = {"line": plant["line"].pk, "part": "P-77", "quantity": 3, "defect": plant["scratch"].pk, "cause": "",
            "order_or_job": "", **extra}
    return client.post(reverse("quality:reject-entry"), data, HTTP_ACCEPT="application/json")


def test_the_reject_machine_is_a_scanned_code_an_old_id_still_counts(client, plant):
    machine = Machine.objects.create(line=plant["line"], code="FIL-3", name="Filler 3")
    client.force_login(plant["inspector"])
    assert _reject(client, plant, machine="fil-3").status_code == 201
    assert _reject(client, plant, machine=str(machine.pk)).status_code == 201  # queued by the old select
    assert _reject(client, plant).status_code == 201
    assert [r.machine for r in InternalReject.objects.order_by("pk")] == [machine, machine, None]
    refused = _reject(client, plant, machine="XX-9")
    assert refused.status_code == 400
    assert refused.json()["machine"] == ["Line L1 has no machine XX-9."] and refused.json()["code"] == "invalid"
