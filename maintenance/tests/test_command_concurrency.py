"""The same phone command replayed in parallel through the real server (the offline queue retrying while the first
answer is still on its way): applied once through the core receiver, every copy answered 200 with the ticket.

Needs PostgreSQL (bin/test's PostgreSQL pass; the in-memory SQLite run cannot share a database between the
server's threads)."""

import uuid

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from maintenance.models import Ticket
from maintenance.services import open_ticket
from portal.models import CommandKey, TimelineEntry
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
    assert CommandKey.objects.filter(kind="maintenance.command").count() == 1 and ticket.parts.count() == 1
    assert ticket.labour.filter(minutes=15).count() == 1
    assert TimelineEntry.objects.filter(object_id=ticket.pk, kind="transition").count() == 1
    assert TimelineEntry.objects.filter(object_id=ticket.pk, kind="comment").count() == 1


def test_the_same_part_sent_six_times_at_once_is_recorded_once(live_server, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"],
                            assigned_to=technician, state="assigned")
    token = Token.objects.create(user=technician).key
    body = {"part_number": "BRG-6204", "quantity": "2", "key": str(uuid.uuid4())}
    statuses = post_all_at_once(f"{live_server.url}/api/maintenance/tickets/{ticket.pk}/parts/", token, [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert ticket.parts.count() == 1


def test_the_same_report_sent_six_times_at_once_opens_one_ticket(live_server, works):
    from portal.testing.factories import UserFactory

    operator = UserFactory(username="op6", roles=["Production_Operator"], lines=[works["press_line"]])
    token = Token.objects.create(user=operator).key
    body = {"line": works["press_line"].pk, "problem": "Oil on the floor", "idempotency_key": str(uuid.uuid4())}
    statuses = post_all_at_once(f"{live_server.url}/api/maintenance/tickets/", token, [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert Ticket.objects.filter(problem="Oil on the floor").count() == 1
