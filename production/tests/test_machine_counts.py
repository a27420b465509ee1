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
from production.oee import data
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
