"""Maintenance's floor writes on the one receiver (issue 27): keys are the writer's own, work is logged by the
ticket's assignee or a maintenance admin (audited), nothing is added to a closed ticket, reports go on the
reporter's lines only (fail closed), and the floor roles that report on the page may report through the API."""

import uuid

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from maintenance.models import LabourEntry, PartUsed, Ticket
from maintenance.services import open_ticket
from portal.models import CommandKey
from portal.services.scoping import NO_LINES_HINT
from portal.testing.factories import (
    FacilityFactory,
    MachineFactory,
    ProductionLineFactory,
    UserFactory,
    work_on,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client, url, data, **extra):
    return client.post(url, data, content_type=JSON, **extra)


@pytest.fixture
def theirs(works, other_technician):
    """A ticket another technician is working on."""
    ticket, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Their leak",
                            priority=works["priorities"]["Normal"], assigned_to=other_technician, state="in_progress")
    return ticket


def _nothing_written(ticket) -> None:
    assert not PartUsed.objects.filter(ticket=ticket).exists()
    assert not LabourEntry.objects.filter(ticket=ticket).exists()
    ticket.refresh_from_db()
    assert ticket.labour_minutes == 0


# --- Ownership ------------------------------------------------------------------------------------------------

def test_work_on_another_technicians_ticket_is_refused_and_writes_nothing(client, works, technician, theirs):
    client.force_login(technician)
    base = f"/api/maintenance/tickets/{theirs.pk}"
    part = post(client, f"{base}/parts/", {"part_number": "BRG-6204", "quantity": "2"})
    labour = post(client, f"{base}/labour/", {"minutes": 600})
    assert part.status_code == labour.status_code == 403
    assert labour.json()["code"] == "forbidden" and "only they or a maintenance admin" in labour.json()["detail"]
    # the ticket page's forms and the phone's finish with a part are refused the same way
    page = client.post(reverse("maintenance:ticket-work", args=[theirs.pk, "labour"]), {"minutes": "600"},
                       follow=True).content.decode()
    assert "only they or a maintenance admin" in page
    finish = post(client, f"{base}/transition/", {"action": "finish", "resolution": "Mine now", "part_number": "X"})
    assert finish.status_code == 403
    _nothing_written(theirs)
    assert theirs.state == "in_progress" and not CommandKey.objects.exists()


def test_the_ticket_page_offers_no_work_forms_on_another_technicians_ticket(client, technician, theirs):
    client.force_login(technician)
    page = client.get(theirs.get_absolute_url()).content.decode()
    assert 'id="part-form"' not in page and 'id="photo-form"' not in page


def test_a_maintenance_admin_logs_work_for_the_assignee_and_it_is_audited(client, works, maintenance_admin,
                                                                          other_technician, theirs):
    client.force_login(maintenance_admin)
    answer = post(client, f"/api/maintenance/tickets/{theirs.pk}/labour/", {"minutes": 30, "note": "Helper"})
    assert answer.status_code == 201
    entry = LogEntry.objects.filter(additional_data__acting_for=other_technician.username).get()
    assert entry.actor == maintenance_admin and entry.additional_data["what"] == "labour"
    assert entry.object_pk == str(theirs.pk)


def test_nothing_is_added_to_a_closed_ticket(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Done leak", priority=works["priorities"]["Normal"],
                            assigned_to=technician, state="done")
    client.force_login(technician)
    base = f"/api/maintenance/tickets/{ticket.pk}"
    part = post(client, f"{base}/parts/", {"part_number": "BRG-6204"})
    assert part.status_code == 409 and part.json()["code"] == "conflict" and "Done" in part.json()["detail"]
    assert post(client, f"{base}/labour/", {"minutes": 5}).status_code == 409
    page = client.post(reverse("maintenance:ticket-work", args=[ticket.pk, "part"]), {"part_number": "P"},
                       follow=True).content.decode()
    assert "no more work can be recorded" in page
    comment = client.post(reverse("maintenance:ticket-workflow", args=[ticket.pk, "comment"]), {"text": "Late note"},
                          HTTP_ACCEPT=JSON)
    assert comment.status_code == 409
    _nothing_written(ticket)


# --- Keys, the writer's own -----------------------------------------------------------------------------------

def test_another_technicians_key_is_a_new_command_and_reveals_nothing(client, works, technician, other_technician):
    mine, _ = open_ticket(line=works["press_line"], problem="Mine", priority=works["priorities"]["Normal"])
    yours, _ = open_ticket(line=works["weld_line"], problem="Yours", priority=works["priorities"]["Normal"])
    key = str(uuid.uuid4())
    client.force_login(technician)
    assert post(client, f"/api/maintenance/tickets/{mine.pk}/transition/",
                {"action": "start", "key": key}).status_code == 200
    client.force_login(other_technician)
    answer = post(client, f"/api/maintenance/tickets/{yours.pk}/transition/", {"action": "start", "key": key})
    assert answer.status_code == 200 and answer.json()["id"] == yours.pk and answer.json()["problem"] == "Yours"
    mine.refresh_from_db()
    yours.refresh_from_db()
    assert mine.assigned_to == technician and yours.assigned_to == other_technician
    assert CommandKey.objects.filter(key=key).count() == 2


def test_the_same_key_with_another_payload_is_refused_and_writes_nothing(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"],
                            assigned_to=technician, state="assigned")
    client.force_login(technician)
    url = f"/api/maintenance/tickets/{ticket.pk}/parts/"
    key = str(uuid.uuid4())
    first = post(client, url, {"part_number": "BRG-6204", "quantity": "2", "key": key})
    replay = post(client, url, {"part_number": "BRG-6204", "quantity": "2", "key": key})
    reused = post(client, url, {"part_number": "BRG-9999", "quantity": "5", "key": key})
    assert first.status_code == 201 and replay.status_code == 200 and replay.json()["id"] == first.json()["id"]
    assert reused.status_code == 409 and reused.json()["code"] == "key_reused"
    assert list(ticket.parts.values_list("part_number", flat=True)) == ["BRG-6204"]
    report = {"line": works["press_line"].pk, "problem": "Noise", "idempotency_key": key}
    assert post(client, "/api/maintenance/tickets/", report).status_code == 201  # another kind of command
    assert post(client, "/api/maintenance/tickets/", report).status_code == 200
    other = post(client, "/api/maintenance/tickets/", {**report, "problem": "Smoke"})
    assert other.status_code == 409 and other.json()["code"] == "key_reused"
    assert Ticket.objects.filter(problem__in=["Noise", "Smoke"]).count() == 1


def test_two_reporters_may_send_the_same_key(client, works):
    key = str(uuid.uuid4())
    for name in ("op1", "op2"):
        client.force_login(work_on(UserFactory(username=name, roles=["Production_Operator"]), works["press_line"]))
        answer = post(client, "/api/maintenance/tickets/", {"line": works["press_line"].pk, "problem": f"From {name}",
                                                            "idempotency_key": key})
        assert answer.status_code == 201 and answer.json()["problem"] == f"From {name}"
    assert Ticket.objects.filter(idempotency_key=key).count() == 2


# --- Reporting: the floor roles, on their lines ---------------------------------------------------------------

@pytest.mark.parametrize("role", ["DowntimeTracker_User", "Production_Operator"])
def test_the_roles_that_report_on_the_page_report_through_the_api(client, works, role):
    client.force_login(UserFactory(username="floor", roles=[role], lines=[works["press_line"]]))
    answer = post(client, "/api/maintenance/tickets/", {"line": works["press_line"].pk, "machine": works["press"].pk,
                                                        "problem": "Ram stuck", "idempotency_key": str(uuid.uuid4())})
    assert answer.status_code == 201 and answer.json()["reported_by"]
    assert Ticket.objects.get().reported_by.username == "floor"
    assert client.get("/api/maintenance/tickets/").status_code == 403  # reading the list stays maintenance's


def test_a_report_outside_the_reporters_lines_is_refused_and_writes_nothing(client, works):
    client.force_login(UserFactory(username="floor", roles=["Production_Operator"], lines=[works["press_line"]]))
    answer = post(client, "/api/maintenance/tickets/", {"line": works["weld_line"].pk, "problem": "Not mine"})
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden" and "WL1" in answer.json()["detail"]
    page = client.post(reverse("maintenance:report"), {"key": str(uuid.uuid4()), "line": works["weld_line"].pk,
                                                       "problem": "Not mine"})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert not Ticket.objects.exists()


def test_the_report_page_offers_only_the_users_lines_and_their_machines(client, works):
    elsewhere = ProductionLineFactory(facility=FacilityFactory(code="FAR"), code="FAR1")
    MachineFactory(line=elsewhere, code="FAR-PRESS")
    client.force_login(UserFactory(username="floor", roles=["DowntimeTracker_User"], lines=[works["press_line"]]))
    page = client.get(reverse("maintenance:report")).content.decode()
    options = page.split('name="line"')[1].split("</select>")[0]
    assert f'value="{works["press_line"].pk}"' in options and f'value="{works["weld_line"].pk}"' not in options
    assert "PRESS-1" in page and "WELD-1" not in page and "FAR-PRESS" not in page
    assert 'id="connection-state"' in page and 'id="offline-queue"' in page and "maintenance/report.js" in page


def test_a_user_without_a_department_sees_no_floor_line(client, works, theirs):
    floor = UserFactory(username="nodept", roles=["DowntimeTracker_User"])
    client.force_login(floor)
    page = client.get(reverse("maintenance:report")).content.decode()
    assert str(NO_LINES_HINT) in page
    options = page.split('name="line"')[1].split("</select>")[0]
    assert f'value="{works["press_line"].pk}"' not in options and f'value="{works["weld_line"].pk}"' not in options
    answer = post(client, "/api/maintenance/tickets/", {"line": works["press_line"].pk, "problem": "Leak"})
    assert answer.status_code == 403 and not Ticket.objects.exclude(pk=theirs.pk).exists()
    # a technician's capability without the plant-wide one, and no department: no tickets, the hint, no work
    from django.contrib.auth.models import Permission

    worker = UserFactory(username="nodept-tech")
    worker.user_permissions.add(*Permission.objects.filter(codename__in=["work_tickets", "report_ticket",
                                                                          "view_maintenance"]))
    open_ticket(line=works["weld_line"], problem="Unassigned", priority=works["priorities"]["Normal"])
    client.force_login(worker)
    my = client.get(reverse("maintenance:my")).content.decode()
    assert str(NO_LINES_HINT) in my and "Unassigned" not in my
    unassigned = Ticket.objects.get(problem="Unassigned")
    start = post(client, f"/api/maintenance/tickets/{unassigned.pk}/transition/", {"action": "start"})
    assert start.status_code == 403 and Ticket.objects.get(pk=unassigned.pk).state == "open"
