"""Operators posting at the same instant through the real server (portal.commands.receive on PostgreSQL with
parallel connections): parallel OUTs on one order and work center never drive the balance negative and never lose
one; a movement or a correction sent six times at once with the same key is stored once; the same key from
another operator is their own movement; the same key with another movement is refused; posts outside the writer's
scope or on another's movement write nothing; 20 posts without a key: no server error, the ledger exact.

Needs PostgreSQL row locks (bin/test's PostgreSQL pass; the in-memory SQLite run cannot share a database between
the server's threads)."""

from __future__ import annotations

from collections import Counter

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from portal.models import CommandKey
from portal.testing.concurrency import post_all_at_once, send_all_at_once
from portal.testing.factories import FacilityFactory, ProductionLineFactory, UserFactory, work_on
from production.models import Balance, Movement
from production.services import record_movement

pytestmark = [
    pytest.mark.django_db(databases=["default", "erp"], transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _token(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


def _movements(live_server) -> str:
    return f"{live_server.url}/api/production/movements/"


def test_parallel_outs_never_overdraw_and_none_is_lost(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    record_movement(user=operator, line=line, order_number="RACE-1", direction="IN", quantity=6)
    bodies = [{"line": line.pk, "order_number": "RACE-1", "direction": "OUT", "quantity": 1,
               "idempotency_key": f"race-{n}"} for n in range(12)]
    statuses = post_all_at_once(_movements(live_server), _token(operator), bodies)
    assert sorted(statuses) == [201] * 6 + [409] * 6  # the balance refuses the rest: a state conflict
    balance = Balance.objects.get(order__number="RACE-1", line=line)
    assert (balance.quantity_in, balance.quantity_out, balance.balance) == (6, 6, 0)
    assert Movement.objects.filter(order__number="RACE-1", direction="OUT").count() == 6


def test_the_same_movement_sent_six_times_at_once_is_stored_once(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    body = {"line": line.pk, "order_number": "DUP-1", "direction": "IN", "quantity": 3, "idempotency_key": "same"}
    statuses = post_all_at_once(_movements(live_server), _token(operator), [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert Movement.objects.filter(idempotency_key="same").count() == 1
    assert Balance.objects.get(order__number="DUP-1").balance == 3
    assert CommandKey.objects.filter(user=operator, key="same").count() == 1


def test_the_same_correction_sent_six_times_at_once_is_stored_once(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    movement = record_movement(user=operator, line=line, order_number="FIX-1", direction="IN", quantity=8).movement
    body = {"reason": "wrong order", "idempotency_key": "fix-once"}
    url = f"{_movements(live_server)}{movement.pk}/reverse/"
    statuses = post_all_at_once(url, _token(operator), [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert Movement.objects.filter(reverses=movement).count() == 1
    assert Balance.objects.get(order__number="FIX-1").balance == 0


def test_parallel_corrections_of_one_movement_without_a_key_store_one(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    movement = record_movement(user=operator, line=line, order_number="FIX-2", direction="IN", quantity=8).movement
    url = f"{_movements(live_server)}{movement.pk}/reverse/"
    statuses = post_all_at_once(url, _token(operator), [{"reason": "wrong order"}] * 6)
    assert sorted(statuses) == [201] + [409] * 5  # "already corrected", never a server error
    assert Movement.objects.filter(reverses=movement).count() == 1
    assert Balance.objects.get(order__number="FIX-2").balance == 0


def test_the_same_key_from_other_operators_at_once_is_each_ones_own_movement(live_server, shop):
    line = shop["assembly"]
    operators = [work_on(UserFactory(username=f"op_key{n}", roles=["Production_Operator"]), line) for n in range(6)]
    body = {"line": line.pk, "order_number": "SHARED-1", "direction": "IN", "quantity": 2, "idempotency_key": "k"}
    answers = send_all_at_once(_movements(live_server), [(_token(user), body) for user in operators])
    assert sorted(status for _, status, _ in answers) == [201] * 6
    assert sorted(answer["movement"]["user"] for _, _, answer in answers) == sorted(u.username for u in operators)
    assert Movement.objects.filter(order__number="SHARED-1").count() == 6
    assert Balance.objects.get(order__number="SHARED-1").balance == 12


def test_another_operators_key_at_their_work_center_is_refused_and_reveals_nothing(live_server, shop):
    chicago = shop["operator"]
    record_movement(user=chicago, line=shop["assembly"], order_number="CHI-1", direction="IN", quantity=40,
                    idempotency_key="chi-key")
    mty = ProductionLineFactory(facility=FacilityFactory(code="MTY", time_zone="America/Monterrey"), code="MTY01")
    monterrey = UserFactory(username="op_mty", roles=["Production_Operator"], lines=[mty])
    body = {"line": shop["assembly"].pk, "order_number": "CHI-1", "direction": "IN", "quantity": 40,
            "idempotency_key": "chi-key"}
    token = _token(monterrey)
    statuses = post_all_at_once(_movements(live_server), token, [body] * 6)
    assert statuses == [403] * 6
    refused = requests.post(_movements(live_server), json=body, headers={"Authorization": f"Token {token}"},
                            timeout=60)
    assert "movement" not in refused.json() and "balance" not in refused.json()
    assert Movement.objects.count() == 1 and not CommandKey.objects.filter(user=monterrey).exists()


def test_the_same_key_with_other_movements_at_once_stores_one_and_refuses_the_rest(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    bodies = [{"line": line.pk, "order_number": "REUSE-1", "direction": "IN", "quantity": n + 1,
               "idempotency_key": "one-key"} for n in range(6)]
    statuses = post_all_at_once(_movements(live_server), _token(operator), bodies)
    assert sorted(statuses) == [201] + [409] * 5
    movement = Movement.objects.get(order__number="REUSE-1")
    assert Balance.objects.get(order__number="REUSE-1").balance == movement.quantity


def test_posts_outside_the_scope_or_on_anothers_movement_write_nothing(live_server, shop):
    operator, painter = shop["operator"], shop["painter"]
    theirs = record_movement(user=painter, line=shop["paint"], order_number="PAINT-1", direction="IN",
                             quantity=5).movement
    colleague = UserFactory(username="op_colleague", roles=["Production_Operator"], lines=[shop["paint"]])
    body = {"line": shop["paint"].pk, "order_number": "PAINT-1", "direction": "OUT", "quantity": 5}
    assert post_all_at_once(_movements(live_server), _token(operator), [body] * 6) == [403] * 6
    url = f"{_movements(live_server)}{theirs.pk}/reverse/"
    assert post_all_at_once(url, _token(colleague), [{"reason": "not mine"}] * 6) == [403] * 6
    assert post_all_at_once(url, _token(operator), [{"reason": "not my line"}] * 6) == [404] * 6
    assert Movement.objects.count() == 1 and Balance.objects.get(order__number="PAINT-1").balance == 5


def test_a_user_without_a_department_sees_no_line(live_server, shop):
    record_movement(user=shop["operator"], line=shop["assembly"], order_number="PO-1", direction="IN", quantity=5)
    loner = UserFactory(username="op_nowhere", roles=["Production_Operator"])
    token = _token(loner)
    listed = requests.get(_movements(live_server), headers={"Authorization": f"Token {token}"}, timeout=60)
    assert listed.status_code == 200 and listed.json()["results"] == []
    body = {"line": shop["assembly"].pk, "order_number": "PO-1", "direction": "IN", "quantity": 1}
    assert post_all_at_once(_movements(live_server), token, [body] * 3) == [403] * 3
    assert Movement.objects.count() == 1


def test_twenty_parallel_posts_without_a_key_no_server_error_and_the_ledger_exact(live_server, shop):
    operator, line = shop["operator"], shop["assembly"]
    record_movement(user=operator, line=line, order_number="BUSY-1", direction="IN", quantity=20)
    bodies = [{"line": line.pk, "order_number": "BUSY-1", "direction": "IN" if n % 2 else "OUT",
               "quantity": 3 if n % 2 else 2} for n in range(20)]
    statuses = post_all_at_once(_movements(live_server), _token(operator), bodies)
    assert Counter(statuses) == {201: 20}  # every OUT fits the 20 already there: all stored, none a 5xx
    balance = Balance.objects.get(order__number="BUSY-1", line=line)
    assert (balance.quantity_in, balance.quantity_out, balance.balance) == (20 + 30, 20, 30)
    assert Movement.objects.filter(order__number="BUSY-1").count() == 21
