"""Operators posting at the same instant through the real server: parallel OUTs on one order and work center never
drive the balance negative and never lose one; a submission retried in parallel with the same key is stored once.

Needs PostgreSQL row locks (bin/test's PostgreSQL pass; the in-memory SQLite run cannot share a database between
the server's threads)."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from portal.testing.concurrency import post_all_at_once
from production.models import Balance, Movement
from production.services import record_movement

pytestmark = [
    pytest.mark.django_db(databases=["default", "erp"], transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_parallel_outs_never_overdraw_and_none_is_lost(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    record_movement(user=operator, line=line, order_number="RACE-1", direction="IN", quantity=6)
    token = Token.objects.create(user=operator).key
    bodies = [{"line": line.pk, "order_number": "RACE-1", "direction": "OUT", "quantity": 1,
               "idempotency_key": f"race-{n}"} for n in range(12)]
    statuses = post_all_at_once(f"{live_server.url}/api/production/movements/", token, bodies)
    assert sorted(statuses) == [201] * 6 + [400] * 6
    balance = Balance.objects.get(order__number="RACE-1", line=line)
    assert (balance.quantity_in, balance.quantity_out, balance.balance) == (6, 6, 0)
    assert Movement.objects.filter(order__number="RACE-1", direction="OUT").count() == 6


def test_the_same_submission_sent_in_parallel_is_stored_once(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    token = Token.objects.create(user=operator).key
    body = {"line": line.pk, "order_number": "DUP-1", "direction": "IN", "quantity": 3, "idempotency_key": "same"}
    statuses = post_all_at_once(f"{live_server.url}/api/production/movements/", token, [body] * 8)
    assert sorted(statuses) == [200] * 7 + [201]
    assert Movement.objects.filter(idempotency_key="same").count() == 1
    assert Balance.objects.get(order__number="DUP-1").balance == 3
