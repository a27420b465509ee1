"""Laser projects' stages in the API (issue 32): the page's transitions through the same service and refusals."""

from decimal import Decimal

import pytest

from laser.models import Project
from portal.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_project_moves_through_the_api_as_on_its_page(client):
    from laser.models import Client

    manager = UserFactory(username="lasermgr", roles=["Laser_Manager"])
    project = Project.objects.create(code="P-1", description="Brackets", client=Client.objects.create(name="ACME"),
                                     material_type="mild_steel", thickness_mm=Decimal("3.0"),
                                     sheet_size="3000x1500", sheets_required=2)
    first = project.workflow.transitions[0]
    client.force_login(UserFactory(username="op", roles=["Laser_Operator"]))
    url = f"/api/laser/projects/{project.pk}/transition/"
    assert client.post(url, {"action": first.name}, content_type="application/json").status_code == 403
    client.force_login(manager)
    done = client.post(url, {"action": first.name, **dict.fromkeys(first.fields, "x")}, content_type="application/json")
    assert done.status_code == 200, done.json()
    project.refresh_from_db()
    assert project.stage == first.target
    again = client.post(url, {"action": first.name}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
