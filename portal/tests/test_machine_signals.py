"""Machine signals without a broker: payload decoding (JSON, Sparkplug B), the idempotent store, stops and
micro-stops from state, counter reset and rollover, late messages, "no signal"."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from portal.machine_signals import sparkplug
from portal.machine_signals.ingest import counter_delta, ingest
from portal.machine_signals.payloads import PayloadError, decode
from portal.machine_signals.status import NO_SIGNAL, statuses
from portal.models import DetectedStop, Machine, MachineCount, SignalMessage, SignalSource

T0 = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def press(plant):
    line = plant["lines"][0]
    line.micro_stop_seconds = 120
    line.save()
    machine = Machine.objects.create(line=line, code="PRESS-1", name="Press 1")
    return SignalSource.objects.create(machine=machine, state_topic="plant/L1/PRESS-1")


def msg(source, mid, seconds, **fields):
    body = {"id": mid, "ts": (T0 + dt.timedelta(seconds=seconds)).isoformat(), **fields}
    return decode("json", source.machine_id, source.state_topic, json.dumps(body).encode(), timezone.now())


def counts(source):
    rows = MachineCount.objects.filter(machine=source.machine)
    return sum(r.good for r in rows), sum(r.reject for r in rows)


def test_json_payload_fields_and_refusals(press):
    reading = msg(press, "a1", 0, state="FAULT", fault="E42", good_total=10, cycle_time=31.5, cycles=1)
    assert (reading.state, reading.fault, reading.good_total, reading.cycles, reading.cycle_seconds) == (
        "faulted", "E42", 10, 1, 31.5)
    for bad in (b"not json", b"[1]", b'{"state": "dancing"}', b'{"good": -1}', b'{"ts": "2026-12-07T10:00"}',
                b'{"id": "x"}'):
        with pytest.raises(PayloadError):
            decode("json", press.machine_id, "t", bad, timezone.now())
    # no id: the bytes name the message, so the same bytes again are the same message
    same = [decode("json", press.machine_id, "t", b'{"good": 1}', timezone.now()).message_id for _ in range(2)]
    assert same[0] == same[1]


def test_sparkplug_payload_round_trip(press):
    stamp = int(T0.timestamp() * 1000)
    data = sparkplug.encode(sparkplug.Payload(timestamp=stamp, seq=7, metrics=[
        sparkplug.Metric("State", stamp, "faulted"), sparkplug.Metric("Fault", stamp, "E7"),
        sparkplug.Metric("Counters/GoodTotal", stamp, 4_000_000_000), sparkplug.Metric("Reject", stamp, 2),
        sparkplug.Metric("CycleTime", stamp, 12.25)]))
    reading = decode("sparkplug", press.machine_id, "spBv1.0/G/DDATA/N/D", data, timezone.now())
    assert reading.at == T0 and reading.message_id == f"sp:{stamp}:7"
    assert (reading.state, reading.fault, reading.good_total, reading.reject, reading.cycle_seconds) == (
        "faulted", "E7", 4_000_000_000, 2, 12.25)
    with pytest.raises(PayloadError):
        decode("sparkplug", press.machine_id, "t", b"\x0a\xff", timezone.now())


def test_a_message_is_stored_once_however_often_it_comes(press):
    first = ingest([msg(press, "m1", 0, good=5), msg(press, "m1", 0, good=5)])
    again = ingest([msg(press, "m1", 0, good=5), msg(press, "m2", 1, reject=1)])
    assert (first.stored, first.duplicates, again.stored, again.duplicates) == (1, 1, 1, 1)
    assert counts(press) == (5, 1)
    assert SignalMessage.objects.filter(machine=press.machine).count() == 2


def test_state_sequence_makes_stops_and_micro_stops(press):
    ingest([msg(press, "1", 0, state="running"), msg(press, "2", 60, state="stopped"),
            msg(press, "3", 90, state="running"),  # 30 s: a micro-stop
            msg(press, "4", 300, state="stopped"), msg(press, "5", 310, state="faulted", fault="E42"),
            msg(press, "6", 900, state="running")])  # 10 min from the stop, fault code from the fault
    stops = list(DetectedStop.objects.order_by("start").values_list("start", "end", "micro", "fault_code"))
    assert stops == [(T0 + dt.timedelta(seconds=60), T0 + dt.timedelta(seconds=90), True, ""),
                     (T0 + dt.timedelta(seconds=300), T0 + dt.timedelta(seconds=900), False, "E42")]
    press.refresh_from_db()
    assert (press.state, press.state_since) == ("running", T0 + dt.timedelta(seconds=900))


def test_the_same_sequence_split_over_batches_and_repeated_gives_the_same_stops(press):
    sequence = [msg(press, str(i), s, state=state) for i, (s, state) in enumerate(
        [(0, "running"), (100, "stopped"), (400, "running"), (500, "faulted"), (800, "running")])]
    for reading in sequence:
        ingest([reading])
    ingest(sequence)  # everything again: a replay after a crash
    assert DetectedStop.objects.filter(micro=False).count() == 2


def test_counter_reset_and_rollover_are_recognised():
    assert counter_delta(None, 50, 2**16) == 0  # baseline
    assert counter_delta(100, 130, 2**16) == 30
    assert counter_delta(65530, 4, 2**16) == 10  # wrapped at 65536
    assert counter_delta(500, 3, 2**16) == 3  # reset to 0, then 3 made
    press_counts = [counter_delta(a, b, 2**32) for a, b in ((10, 9),)]
    assert press_counts == [9]  # a drop far from the top is a reset, never a huge count


def test_counter_readings_count_differences_across_a_reset_and_a_rollover(press):
    press.counter_modulus = 2**16
    press.save()
    ingest([msg(press, "1", 0, good_total=65500), msg(press, "2", 60, good_total=65530),
            msg(press, "3", 120, good_total=20), msg(press, "4", 180, good_total=25, reject_total=0)])
    ingest([msg(press, "5", 240, good_total=2)])  # controller reset: 2 made since
    assert counts(press) == (30 + 26 + 5 + 2, 0)


def test_late_messages_land_in_their_minute(press):
    ingest([msg(press, "1", 0, good=1, state="running"), msg(press, "2", 600, good=1, state="running")])
    ingest([msg(press, "late", 120, good=4)])  # arrives last, made at 14:02
    minute = MachineCount.objects.get(machine=press.machine, minute=T0 + dt.timedelta(minutes=2))
    assert minute.good == 4
    assert counts(press) == (6, 0)
    # a late state message is kept but does not rewrite the machine's history (no stop back in time)
    ingest([msg(press, "late-state", 60, state="stopped")])
    press.refresh_from_db()
    assert (press.state, DetectedStop.objects.count()) == ("running", 0)
    assert SignalMessage.objects.filter(message_id="late-state").exists()


def test_a_silent_machine_shows_no_signal_not_running(press):
    ingest([msg(press, "1", 0, state="running")], now=T0)
    assert statuses([press.machine.line], now=T0 + dt.timedelta(seconds=30))[press.machine.line_id][0].state == \
        "running"
    status = statuses([press.machine.line], now=T0 + dt.timedelta(seconds=61))[press.machine.line_id][0]
    assert (status.state, status.since) == (NO_SIGNAL, None)


def test_the_simulator_makes_cycles_stops_and_a_break_that_the_store_reads(press):
    from portal.machine_signals.simulator import SimulatedMachine, on_break

    sim = SimulatedMachine(press.machine_id, press.state_topic, "json", cycle_seconds=5, micro_stop_rate=0.2,
                           jam_rate=0.05, seed=3)
    start = T0.timestamp()
    readings = []
    for second in range(3600):
        for topic, body in sim.step(start + second, on_break=1800 <= second < 2400):
            readings.append(decode("json", press.machine_id, topic, json.dumps(body).encode(), timezone.now()))
    ingest(readings)
    stops = DetectedStop.objects.filter(machine=press.machine)
    assert stops.filter(micro=True).exists() and stops.filter(micro=False, fault_code__in=["E12", "E31", "E42"])
    assert stops.filter(start__lte=T0 + dt.timedelta(seconds=1800), end__gte=T0 + dt.timedelta(seconds=2400))
    assert sum(counts(press)) == sum(r.cycles for r in readings) - 1 > 50  # the first reading is the baseline
    assert on_break(dt.datetime(2026, 1, 1, 10, 5), [dt.time(6)]) and not on_break(dt.datetime(2026, 1, 1, 9),
                                                                                      [dt.time(6)])
