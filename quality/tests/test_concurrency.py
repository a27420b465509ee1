"""Two people answer the same SOP ticket at the same instant: one wins, the other is told what happened.

Needs PostgreSQL row locks (bin/test's PostgreSQL pass, TEST_DATABASE_URL): the in-memory SQLite of the default
run cannot be shared between threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from portal.models import Department
from portal.testing.factories import UserFactory
from portal.workflow import TransitionRefused, apply_transition
from quality.models import SopTicket

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
