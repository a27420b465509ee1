"""Runs started and ended at the same moment through the real server (parallel connections): every deduction lands
(the inventory row is locked), a command sent six times at once applies once, a key is the writer's own, a reused
key or another operator's run is refused and writes nothing.

Needs PostgreSQL row locks (bin/test's PostgreSQL pass; the in-memory SQLite run cannot share a database between
the server's threads)."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from laser.models import InventoryItem, LaserRun, StockMovement
from laser.services.runs import start_run
from notifications.models import Notification
from portal.models import CommandKey
from portal.testing.concurrency import post_all_at_once, send_all_at_once
from portal.testing.factories import FacilityFactory, MachineFactory, ProductionLineFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.fixture
def other_operator(shop):
    return UserFactory(username="second_operator", roles=["Laser_Operator"], lines=[shop["line"]])


def _token(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


def _stock(shop) -> int:
    return InventoryItem.objects.get(pk=shop["item"].pk).quantity


def test_runs_ending_at_once_never_lose_a_deduction(live_server, shop):
    InventoryItem.objects.filter(pk=shop["item"].pk).update(quantity=20, minimum=5)
    # One running run per machine: eight machines for eight runs at once.
    machines = shop["machines"] + [MachineFactory(line=shop["line"], code=f"LZ-{n}") for n in range(3, 9)]
    runs = [start_run(project=shop["project"], machine=machines[n], operator=shop["operator"],
                      key=f"start-{n}")[0] for n in range(8)]
    token = _token(shop["operator"])
    bodies = [{"start_key": run.start_key, "end_key": f"end-{run.pk}", "sheets_used": 3} for run in runs]
    statuses = post_all_at_once(f"{live_server.url}/api/laser/runs/end/", token, bodies)
    assert statuses == [201] * 8
    item = InventoryItem.objects.get(pk=shop["item"].pk)
    assert item.quantity == 20 - 8 * 3  # -4: never refused for lack of stock
    movements = StockMovement.objects.filter(item=item).order_by("balance_after")
    assert [m.balance_after for m in movements] == list(range(-4, 20, 3))  # each saw the one before it
    assert LaserRun.objects.filter(status="completed").count() == 8
    note = Notification.objects.get(kind="laser.low_stock", state="open")
    assert note.level == "critical"


def test_the_same_end_sent_six_times_at_once_deducts_once(live_server, shop):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    body = {"start_key": "s1", "end_key": "same-end", "sheets_used": 2}
    statuses = post_all_at_once(f"{live_server.url}/api/laser/runs/end/", _token(shop["operator"]), [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert _stock(shop) == 8
    assert StockMovement.objects.filter(run=run).count() == 1
    assert CommandKey.objects.filter(kind="laser.run_end", key="same-end").count() == 1


def test_the_same_start_sent_six_times_at_once_starts_one_run(live_server, shop):
    body = {"start_key": "one-start", "project": shop["project"].pk, "machine": shop["machine"].pk}
    statuses = post_all_at_once(f"{live_server.url}/api/laser/runs/", _token(shop["operator"]), [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert LaserRun.objects.get().start_key == "one-start"


def test_the_same_key_from_two_operators_at_once_is_two_runs_each_their_own(live_server, shop, other_operator):
    mine, theirs = _token(shop["operator"]), _token(other_operator)
    body = {"start_key": "shared", "project": shop["project"].pk, "machine": shop["machine"].pk}
    on_lz2 = {**body, "machine": shop["machines"][1].pk}  # one run per machine: each operator at their own
    answers = send_all_at_once(f"{live_server.url}/api/laser/runs/", [(mine, body), (theirs, on_lz2)] * 3)
    for token, user in ((mine, shop["operator"]), (theirs, other_operator)):
        own = [(status, answer) for t, status, answer in answers if t == token]
        assert sorted(status for status, _ in own) == [200, 200, 201]
        assert {answer["operator"] for _, answer in own} == {user.username}  # never the other's run
        assert len({answer["id"] for _, answer in own}) == 1
    assert sorted(LaserRun.objects.values_list("operator__username", flat=True)) == sorted(
        [shop["operator"].username, other_operator.username])


def test_two_operators_starting_on_one_machine_at_once_get_one_run(live_server, shop, other_operator):
    """Issue 30 §6 under real concurrency: the machine's row lock lets one start through; the other is told the
    machine is busy, by whom."""
    bodies = [(_token(user), {"start_key": f"k-{user.pk}", "project": shop["project"].pk,
                              "machine": shop["machine"].pk}) for user in (shop["operator"], other_operator)]
    answers = send_all_at_once(f"{live_server.url}/api/laser/runs/", bodies * 2)
    statuses = sorted(status for _, status, _ in answers)
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201, 409}
    refused = [answer for _, status, answer in answers if status == 409]
    assert refused and all(a["code"] == "machine_busy" and "LZ-1 is busy" in a["detail"] for a in refused)
    assert LaserRun.objects.filter(machine=shop["machine"], status="running").count() == 1


def test_another_operator_ending_the_run_at_the_same_moment_gets_not_found(live_server, shop, other_operator):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    own = {"start_key": "s1", "end_key": "mine", "sheets_used": 2}
    hostile = {"start_key": "s1", "end_key": "x", "sheets_used": 10000}
    answers = send_all_at_once(f"{live_server.url}/api/laser/runs/end/",
                       [(_token(shop["operator"]), own)] + [(_token(other_operator), hostile)] * 5)
    assert sorted(status for _, status, _ in answers) == [201] + [404] * 5
    assert all("s1" not in str(answer) for _, status, answer in answers if status == 404)
    run.refresh_from_db()
    assert (run.status, run.sheets_used) == ("completed", 2)
    assert _stock(shop) == 8 and StockMovement.objects.count() == 1
    assert not CommandKey.objects.filter(user=other_operator).exists()


def test_the_same_end_key_with_other_sheet_counts_at_once_records_one(live_server, shop):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    bodies = [{"start_key": "s1", "end_key": "one-key", "sheets_used": n} for n in range(1, 7)]
    url = f"{live_server.url}/api/laser/runs/end/"
    answers = send_all_at_once(url, [(_token(shop["operator"]), b) for b in bodies])
    assert sorted(status for _, status, _ in answers) == [201] + [409] * 5
    assert {answer["code"] for _, status, answer in answers if status == 409} == {"key_reused"}
    run.refresh_from_db()
    winner = next(answer for _, status, answer in answers if status == 201)
    assert run.sheets_used == winner["sheets_used"] and _stock(shop) == 10 - run.sheets_used
    assert StockMovement.objects.count() == 1


def test_starts_outside_the_shop_at_once_write_nothing(live_server, shop):
    chicago = FacilityFactory(code="CHI", time_zone="America/Chicago")
    filler = MachineFactory(line=ProductionLineFactory(facility=chicago, code="FILL"), code="FILL-1",
                            machine_type="filling")
    alone = UserFactory(username="no_department", roles=["Laser_Operator"])
    url = f"{live_server.url}/api/laser/runs/"
    outside = [{"start_key": f"k{n}", "project": shop["project"].pk, "machine": filler.pk} for n in range(3)]
    no_line = [{"start_key": f"k{n}", "project": shop["project"].pk, "machine": shop["machine"].pk} for n in range(3)]
    sends = [(_token(shop["operator"]), b) for b in outside] + [(_token(alone), b) for b in no_line]
    answers = send_all_at_once(url, sends)
    assert sorted(status for _, status, _ in answers) == [400] * 3 + [403] * 3
    assert not LaserRun.objects.exists() and not CommandKey.objects.exists()
