"""Two people answer the same SOP ticket at the same instant: one wins, the other is told what happened. A reject
sent six times at once (a tablet's queue replaying while the first post is still in flight) is recorded once.

Needs PostgreSQL row locks (bin/test's PostgreSQL pass, TEST_DATABASE_URL): the in-memory SQLite of the default
run cannot be shared between threads."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections
from rest_framework.authtoken.models import Token

from portal.models import Department, Facility, ProductionLine
from portal.testing.concurrency import post_all_at_once
from portal.testing.factories import UserFactory, work_on
from portal.workflow import TransitionRefused, apply_transition
from quality.models import DefectCode, InternalReject, SopTicket

pytestmark = [
    pytest.mark.django_db(databases=["default", "erp"], transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_accept_and_dispute_at_once_one_wins_the_other_is_told():
    charging, charged = Department.objects.create(name="Filling"), Department.objects.create(name="Labeling")
    ana, beto = UserFactory(username="ana"), UserFactory(username="beto")
    for user in (ana, beto):
        user.departments.add(charged)
    ticket = SopTicket.objects.create(charging_department=charging, charged_department=charged,
                                      sop_reference="SOP-1", description="d", created_by=ana)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(user, action, **fields):
        try:
            stale = SopTicket.objects.get(pk=ticket.pk)  # both read "open" before either acts
            barrier.wait()
            apply_transition(stale, action, user, **fields)
            outcomes[user.username] = "done"
        except TransitionRefused as refused:
            outcomes[user.username] = refused.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(ana, "accept")),
               threading.Thread(target=act, args=(beto, "dispute"), kwargs={"dispute_reason": "Not ours"})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ticket.refresh_from_db()
    winner = "ana" if ticket.state == "accepted" else "beto"
    loser = "beto" if winner == "ana" else "ana"
    assert outcomes[winner] == "done"
    assert "no longer possible" in outcomes[loser] and ticket.state_label in outcomes[loser]
    assert ticket.timeline().filter(kind="transition").count() == 1


def test_six_copies_of_a_reject_sent_at_once_record_one(live_server):
    facility = Facility.objects.create(code="MTY", name="Monterrey", time_zone="America/Monterrey")
    line = ProductionLine.objects.create(facility=facility, code="L1", name="Line 1")
    scratch = DefectCode.objects.create(code="SCR", name="Scratch")
    inspector = work_on(UserFactory(username="qi", roles=["Quality_Inspector"]), line)
    body = {"line": line.pk, "part": "P-1", "quantity": 3, "defect": scratch.pk, "idempotency_key": str(uuid.uuid4())}
    token = Token.objects.create(user=inspector).key
    statuses = post_all_at_once(f"{live_server.url}/api/quality/rejects/", token, [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert InternalReject.objects.count() == 1
    other = post_all_at_once(f"{live_server.url}/api/quality/rejects/", token,
                             [{**body, "idempotency_key": str(uuid.uuid4())} for _ in range(6)])
    assert other == [201] * 6 and InternalReject.objects.count() == 7  # six keys: six rejects, none lost
