"""The same phone command replayed in parallel through the real server (the offline queue retrying while the first
answer is still on its way): applied once, every copy answered 200 with the first outcome.

Needs PostgreSQL (bin/test's PostgreSQL pass; the in-memory SQLite run cannot share a database between the
server's threads)."""

import uuid

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from maintenance.models import Ticket, TicketCommand
from maintenance.services import open_ticket
from portal.models import TimelineEntry
from portal.testing.concurrency import post_all_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_the_same_command_sent_six_times_at_once_applies_once(live_server, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    token = Token.objects.create(user=technician).key
    body = {"action": "start", "key": str(uuid.uuid4()), "minutes": 15, "part_number": "P-9", "note": "On it"}
    statuses = post_all_at_once(f"{live_server.url}/api/maintenance/tickets/{ticket.pk}/transition/", token,
                                [body] * 6)
    assert statuses == [200] * 6
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == "in_progress"
    assert TicketCommand.objects.count() == 1 and ticket.parts.count() == 1
    assert ticket.labour.filter(minutes=15).count() == 1
    assert TimelineEntry.objects.filter(object_id=ticket.pk, kind="transition").count() == 1
    assert TimelineEntry.objects.filter(object_id=ticket.pk, kind="comment").count() == 1
