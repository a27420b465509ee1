"""Every quality workflow in the API (issue 32, seed 003): creates and transitions through the pages' services,
permissions and refusals, documented in the OpenAPI schema with examples."""

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import Notification
from portal.testing.factories import UserFactory
from quality.models import Capa, Ncr, SopTicket

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(plant):
    plant["inspector"].departments.add(plant["filling"])
    member = UserFactory(username="labeler")
    member.departments.add(plant["labeling"])
    return {**plant, "member": member}


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_raise_a_ticket_and_answer_it_through_the_api(client, people):
    p = people
    client.force_login(p["inspector"])
    response = _post(client, "/api/quality/tickets/", {"charged_department": p["labeling"].pk,
                                                       "sop_reference": "SOP-1", "description": "Upside down"})
    assert response.status_code == 201, response.json()
    ticket = SopTicket.objects.get(pk=response.json()["id"])
    assert ticket.charging_department == p["filling"]  # the raiser's own
    assert Notification.objects.filter(kind="quality.ticket_raised", target_users=p["member"]).exists()
    # on behalf of another department: refused for an inspector, as on the page
    refused = _post(client, "/api/quality/tickets/", {"charging_department": p["labeling"].pk,
                                                      "charged_department": p["filling"].pk,
                                                      "sop_reference": "SOP-2", "description": "x"})
    assert refused.status_code in (400, 403) and refused.json()["code"] in ("invalid", "forbidden")
    url = f"/api/quality/tickets/{ticket.pk}/transition/"
    # the raiser is not the charged department: 403 with the page's sentence
    forbidden = _post(client, url, {"action": "accept"})
    assert forbidden.status_code == 403 and "Only the charged department" in forbidden.json()["detail"]
    client.force_login(p["member"])  # no quality permission: like the page, the department answers
    invalid = _post(client, url, {"action": "dispute", "dispute_reason": ""})
    assert invalid.status_code == 400 and "dispute_reason" in invalid.json()
    unknown = _post(client, url, {"action": "frobnicate"})
    assert unknown.status_code == 400 and "action" in unknown.json()
    done = _post(client, url, {"action": "dispute", "dispute_reason": "Not our SOP", "comment": "see photo"})
    assert done.status_code == 200 and done.json()["state"] == "disputed"
    again = _post(client, url, {"action": "accept"})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert _post(client, f"/api/quality/tickets/{ticket.pk}/comment/", {"text": "Called QA"}).status_code == 200
    assert ticket.timeline().filter(kind="comment", text="Called QA").exists()
    outsider = UserFactory(username="outsider")
    client.force_login(outsider)
    assert _post(client, url, {"action": "accept"}).status_code == 404  # not a ticket they may see


def test_open_an_ncr_add_a_capa_and_work_them_through_the_api(client, people):
    p = people
    client.force_login(p["member"])
    assert _post(client, "/api/quality/ncrs/", {"title": "x"}).status_code == 403  # no NCR permission
    client.force_login(p["inspector"])
    invalid = _post(client, "/api/quality/ncrs/", {"title": "", "department": p["labeling"].pk})
    assert invalid.status_code == 400 and "title" in invalid.json() and "description" in invalid.json()
    response = _post(client, "/api/quality/ncrs/", {
        "title": "Burr", "description": "x", "department": p["labeling"].pk, "owner": p["member"].pk,
        "severity": "critical"})
    assert response.status_code == 201, response.json()
    ncr = Ncr.objects.get()
    assert ncr.due_at == ncr.created_at + dt.timedelta(days=1) and ncr.created_by == p["inspector"]
    from portal.roles import QUALITY_INSPECTOR
    from quality.tests.conftest import in_role

    owner = in_role("inspector2", QUALITY_INSPECTOR)
    capa = _post(client, f"/api/quality/ncrs/{ncr.pk}/capas/", {"action": "Deburr tool", "owner": owner.pk})
    assert capa.status_code == 201
    contained = _post(client, f"/api/quality/ncrs/{ncr.pk}/transition/", {"action": "contain",
                                                                          "containment_action": "Sorted stock"})
    assert contained.status_code == 200 and contained.json()["state"] == "contained"
    blocked = _post(client, f"/api/quality/ncrs/{ncr.pk}/transition/", {
        "action": "close", "root_cause": "r", "corrective_action": "c", "preventive_action": "p"})
    assert blocked.status_code in (403, 409) and "CAPA" in blocked.json()["detail"]
    capa_id = Capa.objects.get().pk
    client.force_login(owner)  # the owner marks it implemented
    assert _post(client, f"/api/quality/capas/{capa_id}/transition/", {
        "action": "implement", "implementation_note": "Done"}).status_code == 200
    own = _post(client, f"/api/quality/capas/{capa_id}/transition/", {"action": "verify",
                                                                     "effectiveness_check": "ok"})
    assert own.status_code == 403 and "someone other than the owner" in own.json()["detail"]
    client.force_login(p["inspector"])
    assert _post(client, f"/api/quality/capas/{capa_id}/transition/", {
        "action": "verify", "effectiveness_check": "No burrs in 200 parts"}).status_code == 200
    closed = _post(client, f"/api/quality/ncrs/{ncr.pk}/transition/", {
        "action": "close", "root_cause": "r", "corrective_action": "c", "preventive_action": "p"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    late = _post(client, f"/api/quality/ncrs/{ncr.pk}/capas/", {"action": "More", "owner": p["member"].pk})
    assert late.status_code == 409


def test_the_schema_documents_the_actions_with_examples(client, people):
    client.force_login(people["inspector"])
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    for path in ("/api/quality/tickets/{id}/transition/", "/api/quality/ncrs/{id}/transition/",
                 "/api/quality/capas/{id}/transition/", "/api/quality/returns/{id}/transition/",
                 "/api/quality/rejects/{id}/transition/", "/api/quality/tickets/{id}/comment/"):
        assert "post" in paths[path], path
    ticket = paths["/api/quality/tickets/{id}/transition/"]["post"]
    examples = ticket["requestBody"]["content"]["application/json"]["examples"]
    assert {"Accept", "Dispute", "Reassign", "Uphold", "Withdraw", "Close"} <= set(examples)
    assert {"400", "403", "409"} <= set(ticket["responses"])
    assert "post" in paths["/api/quality/tickets/"] and "post" in paths["/api/quality/ncrs/"]
