"""Phone commands through the core receiver: a repeat of the technician's key answers the ticket and applies
nothing, from the no-JS form and the API alike; a refused command spends no key."""

import uuid

import pytest
from django.urls import reverse

from maintenance.services import open_ticket
from maintenance.services.commands import run_command
from portal.commands import Conflict, Invalid
from portal.models import CommandKey

pytestmark = pytest.mark.django_db


def test_the_no_js_form_posted_twice_with_its_key_applies_once(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    client.post(reverse("maintenance:phone-action", args=[ticket.pk, "start"]))
    key = str(uuid.uuid4())
    form = {"key": key, "resolution": "New seal", "part_number": "SEAL-1", "quantity": "1", "minutes": "20"}
    url = reverse("maintenance:phone-action", args=[ticket.pk, "finish"])
    client.post(url, form)
    again = client.post(url, form, follow=True)
    ticket.refresh_from_db()
    assert ticket.state == "done" and ticket.parts.count() == 1 and ticket.labour.filter(minutes=20).count() == 1
    assert f"MT-{ticket.pk}: Done." in again.content.decode()  # the first outcome again, not a refusal
    assert CommandKey.objects.get(user=technician, kind="maintenance.command", key=key).record == ticket


def test_a_refused_command_spends_no_key_and_can_be_sent_again(works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    key = uuid.uuid4()
    with pytest.raises(Conflict) as first:
        run_command(ticket, technician, "finish", key=key, fields={"resolution": "x"})
    assert first.value.status == 409 and "In progress" in first.value.message
    assert not CommandKey.objects.exists()
    run_command(ticket, technician, "start")
    again = run_command(ticket, technician, "finish", key=key, fields={"resolution": "x"})
    assert again.created and again.record.state == "done"  # now possible: the same key applies it


def test_a_blank_required_field_is_invalid_input_with_its_field(works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    run_command(ticket, technician, "start")
    with pytest.raises(Invalid) as refused:
        run_command(ticket, technician, "finish", fields={"resolution": " "}, work={"part_number": "P-1"})
    assert refused.value.status == 400 and "resolution" in refused.value.errors
    assert not ticket.parts.exists()


def test_the_no_js_form_answers_the_offline_queue_in_the_core_contract(client, works, technician,
                                                                       other_technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"],
                            assigned_to=other_technician, state="assigned")
    client.force_login(technician)
    answer = client.post(reverse("maintenance:phone-action", args=[ticket.pk, "start"]), {"key": "k-1"},
                         HTTP_X_OFFLINE_REPLAY="1")
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden" and "assigned to" in answer.json()[
        "detail"]
    ticket.refresh_from_db()
    assert ticket.state == "assigned" and not ticket.labour.exists() and not CommandKey.objects.exists()


def test_the_page_lists_tickets_with_their_commands_wired_to_the_api(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    response = client.get(reverse("maintenance:my"))
    page = response.content.decode()
    assert response["X-Offline-Shell"] == "1" and 'id="offline-queue"' in page and 'id="connection-state"' in page
    assert f'data-url="/api/maintenance/tickets/{ticket.pk}/transition/"' in page
    assert page.count('name="key"') == 3 and "maintenance/phone.js" in page
