"""Runs ended at the same moment through the real server: every deduction lands (the inventory row is locked), and
an end replayed in parallel with the same key deducts once.

Needs PostgreSQL row locks (bin/test's PostgreSQL pass; the in-memory SQLite run cannot share a database between
the server's threads)."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from laser.models import InventoryItem, LaserRun, StockMovement
from laser.services.runs import start_run
from notifications.models import Notification
from portal.testing.concurrency import post_all_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_runs_ending_at_once_never_lose_a_deduction(live_server, shop):
    InventoryItem.objects.filter(pk=shop["item"].pk).update(quantity=20, minimum=5)
    runs = [start_run(project=shop["project"], machine=shop["machines"][n % 2], operator=shop["operator"],
                      key=f"start-{n}")[0] for n in range(8)]
    token = Token.objects.create(user=shop["operator"]).key
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


def test_the_same_end_sent_in_parallel_deducts_once(live_server, shop):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    token = Token.objects.create(user=shop["operator"]).key
    body = {"start_key": "s1", "end_key": "same-end", "sheets_used": 2}
    statuses = post_all_at_once(f"{live_server.url}/api/laser/runs/end/", token, [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert InventoryItem.objects.get(pk=shop["item"].pk).quantity == 8
    assert StockMovement.objects.filter(run=run).count() == 1
