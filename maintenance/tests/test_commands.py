"""Phone commands stored once per idempotency key: a repeat answers the first outcome and applies nothing, from
the no-JS form and the API alike."""

import uuid

import pytest
from django.urls import reverse

from maintenance.models import TicketCommand
from maintenance.services import open_ticket
from maintenance.services.commands import run_command

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
    assert TicketCommand.objects.get(key=key).applied


def test_a_refused_command_is_answered_the_same_way_when_repeated(works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    key = uuid.uuid4()
    first = run_command(ticket, technician, "finish", key=key, fields={"resolution": "x"})
    assert first.status == 409 and not first.replayed
    run_command(ticket, technician, "start")
    again = run_command(ticket, technician, "finish", key=key, fields={"resolution": "x"})
    assert again.replayed and again.status == 409 and again.message == first.message
    ticket.refresh_from_db()
    assert ticket.state == "in_progress"  # the repeat did not apply now that it would be possible


def test_the_page_lists_tickets_with_their_commands_wired_to_the_api(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    response = client.get(reverse("maintenance:my"))
    page = response.content.decode()
    assert response["X-Offline-Shell"] == "1" and 'id="offline-queue"' in page
    assert f'data-url="/api/maintenance/tickets/{ticket.pk}/transition/"' in page
    assert page.count('name="key"') == 3 and "maintenance/phone.js" in page
