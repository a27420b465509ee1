"""Counts the machines reported (docs/machine-signals.md) in OEE and on the andon board: a line that records no
production movements takes its output and rejects from its machines, never both; a silent machine shows
"no signal" on the board, not "running"."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from portal.machine_signals.ingest import ingest
from portal.machine_signals.payloads import decode
from portal.models import Machine, ProductionCapacity, Shift, SignalSource
from production.models import AndonBoard
from production.services import oee_inputs as data
from production.services import record_movement

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(shop):
    line = shop["assembly"]
    shift = Shift.objects.create(facility=line.facility, name="All day", start_time=dt.time(0), end_time=dt.time(0))
    ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=2400)
    return line


def report(source, mid, moment, **fields):
    body = json.dumps({"id": mid, "ts": moment.isoformat(), **fields}).encode()
    ingest([decode("json", source.machine_id, source.state_topic, body, timezone.now())])


@pytest.fixture
def press(line):
    machine = Machine.objects.create(line=line, code="PRESS-1", name="Press")
    return SignalSource.objects.create(machine=machine, state_topic="chi/WC001/PRESS-1")


def test_the_machines_counts_are_a_lines_output_and_rejects_when_nobody_records_movements(line, press, shop):
    now = timezone.now()
    report(press, "1", now - dt.timedelta(minutes=30), good=40, reject=2, state="running")
    report(press, "2", now - dt.timedelta(minutes=10), good=35, reject=1)
    start, end = now - dt.timedelta(hours=1), now
    made, from_machines = data.output([line], start, end)
    assert sum(row[-1] for row in made) == 75 and from_machines == {"WC001"}
    assert sum(count.units for count in data.rejected([line], start, end)) == 3
    # once people record movements on the line, those are its output: the parts are not counted twice
    record_movement(user=shop["admin"], line=line, order_number="A-1", direction="IN", quantity=50)
    record_movement(user=shop["admin"], line=line, order_number="A-1", direction="OUT", quantity=20)
    made, from_machines = data.output([line], start, now + dt.timedelta(seconds=1))
    assert sum(row[-1] for row in made) == 20 and from_machines == set()


def test_the_andon_board_shows_machine_counts_live_and_a_silent_machine_as_no_signal(client, line, press, shop):
    board = AndonBoard.objects.create(name="Assembly TV", line=line, created_by=shop["admin"])
    report(press, "1", timezone.now() - dt.timedelta(minutes=5), good=12, state="running")
    body = client.get(f"/andon/{board.token}/panel/").content.decode()
    assert "data-output>Output <b>12</b>" in body
    assert 'data-machine="PRESS-1" data-state="running"' in body
    SignalSource.objects.filter(pk=press.pk).update(last_message_at=timezone.now() - dt.timedelta(minutes=5))
    body = client.get(f"/andon/{board.token}/panel/").content.decode()
    assert 'data-machine="PRESS-1" data-state="no_signal"' in body and "no signal" in body


def test_machine_counts_become_out_movements_of_the_order_in_progress_exactly_once(line, press, shop):
    from portal.models import MachineCount
    from production.models import Balance, Movement
    from production.services.machine_output import post_machine_counts

    line.erp_line_code = "WC001"
    line.save()
    record_movement(user=shop["admin"], line=line, order_number="A-1", direction="IN", quantity=50)
    now = timezone.now()
    report(press, "1", now - dt.timedelta(minutes=10), good=30)
    report(press, "2", now - dt.timedelta(minutes=9), good=25)  # beyond the balance: the machine made them
    report(press, "3", now - dt.timedelta(seconds=30), good=4)  # not settled yet
    assert post_machine_counts() == 2
    assert post_machine_counts() == 0  # nothing twice
    outs = Movement.objects.filter(direction="OUT", line=line).order_by("at")
    assert [(m.quantity, m.machine.code, m.order.number) for m in outs] == [(30, "PRESS-1", "A-1"),
                                                                          (25, "PRESS-1", "A-1")]
    assert Balance.objects.get(line=line).balance == -5
    # a late message for a posted minute is posted as one more movement; OEE counts the ledger's units once
    report(press, "late", now - dt.timedelta(minutes=10), good=3)
    assert post_machine_counts() == 1
    made, from_machines = data.output([line], now - dt.timedelta(hours=1), now - dt.timedelta(minutes=2))
    assert sum(row[-1] for row in made) == 58 and from_machines == set()
    # a crash between the movement and its mark: the same key again, the receiver answers the same movement
    minute = MachineCount.objects.get(machine=press.machine, good=25)
    MachineCount.objects.filter(pk=minute.pk).update(posted=0)
    before = Movement.objects.count()
    assert post_machine_counts() == 1 and Movement.objects.count() == before
    minute.refresh_from_db()
    assert minute.posted == 25
