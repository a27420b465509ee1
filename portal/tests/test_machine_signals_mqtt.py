"""The listener against a real Mosquitto on loopback: a scripted signal sequence gives exactly the expected stops,
micro-stops and counts; a listener killed mid-run, a broker restart and a database outage lose nothing and
duplicate nothing."""

import datetime as dt
import time

import pytest
from django.db import OperationalError

from portal.machine_signals import listener as listener_module
from portal.machine_signals import sparkplug
from portal.machine_signals.listener import Listener
from portal.machine_signals.publisher import Publisher
from portal.models import DetectedStop, Machine, MachineCount, SignalMessage, SignalSource

pytestmark = pytest.mark.django_db(transaction=True)

T0 = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def machines(plant):
    line = plant["lines"][0]
    line.micro_stop_seconds = 120
    line.save()
    press = Machine.objects.create(line=line, code="PRESS-1", name="Press 1")
    welder = Machine.objects.create(line=line, code="WELD-1", name="Welder 1")
    SignalSource.objects.create(machine=press, state_topic="plant/L1/PRESS-1",
                                count_topic="plant/L1/PRESS-1/counts")
    SignalSource.objects.create(machine=welder, state_topic="spBv1.0/MAIN/DDATA/L1/WELD-1",
                                payload=SignalSource.Payload.SPARKPLUG)
    return press, welder


def at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).isoformat()


def pump(listener: Listener, until, timeout: float = 20) -> None:
    """Run the listener's loop in this thread (the test database is this thread's) until ``until()``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        items = listener._take()
        if items:
            listener.handle(items)
        if until():
            return
    raise AssertionError(f"timed out; listener stats: {listener.stats}")


def start_listener(broker, client_id="portal-test") -> Listener:
    listener = Listener(host="127.0.0.1", port=broker.port, client_id=client_id, flush_seconds=0.1)
    listener.start()
    assert listener.connected.wait(10), "the listener did not connect"
    time.sleep(0.2)  # SUBACK
    return listener


def crash(listener: Listener) -> None:
    """The listener process dies: the socket drops, nothing more is acknowledged, the session stays at the broker."""
    listener.stopping.set()
    listener.client.loop_stop()
    listener.client.socket().close()


def test_a_scripted_sequence_gives_exactly_the_expected_stops_and_counts(mosquitto_broker, machines):
    press, welder = machines
    listener = start_listener(mosquitto_broker)
    publisher = Publisher("127.0.0.1", mosquitto_broker.port, "plc-gateway")
    script = [("running", 0), ("stopped", 60), ("running", 100),  # 40 s: micro-stop
              ("faulted", 300), ("running", 720),  # 7 min: a stop
              ("stopped", 800), ("running", 830)]  # micro-stop
    for n, (state, second) in enumerate(script):
        publisher.send("plant/L1/PRESS-1", {"id": f"p-{n}", "ts": at(second), "state": state,
                                            **({"fault": "E42"} if state == "faulted" else {})})
    for n in range(30):
        publisher.send("plant/L1/PRESS-1/counts", {"id": f"c-{n}", "ts": at(n * 30), "good": 2,
                                                   "reject": int(n % 10 == 0), "cycles": 1})
    stamp = int(T0.timestamp() * 1000)
    for n, (state, second) in enumerate([("running", 0), ("faulted", 200), ("running", 500)]):
        publisher.send("spBv1.0/MAIN/DDATA/L1/WELD-1", sparkplug.encode(sparkplug.Payload(
            timestamp=stamp + second * 1000, seq=n, metrics=[sparkplug.Metric("State", None, state),
                                                             sparkplug.Metric("GoodTotal", None, 100 + second)])))
    assert publisher.wait_acked()
    pump(listener, lambda: SignalMessage.objects.count() == len(script) + 30 + 3)
    listener.stop()
    publisher.close()

    stops = list(DetectedStop.objects.order_by("machine__code", "start").values_list(
        "machine__code", "start", "end", "micro", "fault_code"))
    assert stops == [
        ("PRESS-1", T0 + dt.timedelta(seconds=60), T0 + dt.timedelta(seconds=100), True, ""),
        ("PRESS-1", T0 + dt.timedelta(seconds=300), T0 + dt.timedelta(seconds=720), False, "E42"),
        ("PRESS-1", T0 + dt.timedelta(seconds=800), T0 + dt.timedelta(seconds=830), True, ""),
        ("WELD-1", T0 + dt.timedelta(seconds=200), T0 + dt.timedelta(seconds=500), False, ""),
    ]
    press_rows = MachineCount.objects.filter(machine=press)
    assert (sum(r.good for r in press_rows), sum(r.reject for r in press_rows), sum(r.cycles for r in press_rows)) == (
        60, 3, 30)
    assert sum(r.good for r in MachineCount.objects.filter(machine=welder)) == 500  # 100 -> 600 over two readings


def test_listener_crash_broker_restart_and_database_outage_lose_and_duplicate_nothing(mosquitto_broker, machines,
                                                                                      monkeypatch):
    press, _welder = machines
    publisher = Publisher("127.0.0.1", mosquitto_broker.port, "plc-gateway")
    first = start_listener(mosquitto_broker)
    total = 0

    def burst(count: int) -> None:
        nonlocal total
        for _ in range(count):
            publisher.send("plant/L1/PRESS-1/counts", {"id": f"c-{total}", "ts": at(total), "good": 1})
            total += 1

    burst(100)
    assert publisher.wait_acked()
    # the listener takes a first batch, stores and acknowledges it, then dies holding the rest unacknowledged
    items = []
    while len(items) < 100:
        items.extend(first._take())
    first.handle(items[:40])
    listener_module.ingest(first._decode(items[40:70]))  # committed, and the process dies before acknowledging
    crash(first)
    assert SignalMessage.objects.count() == 70

    burst(100)  # published while no listener runs: the broker keeps them for the session
    assert publisher.wait_acked()
    mosquitto_broker.restart()  # the broker restarts with the session and its queue on disk
    burst(100)  # published across the restart: the gateway sends them again on reconnection
    assert publisher.wait_acked(timeout=30)

    # the database is away for the first two batches of the new listener: kept, retried, then stored
    real_ingest, failures = listener_module.ingest, []

    def flaky(readings):
        if len(failures) < 2:
            failures.append(len(readings))
            raise OperationalError("server closed the connection unexpectedly")
        return real_ingest(readings)

    monkeypatch.setattr(listener_module, "ingest", flaky)
    monkeypatch.setattr(listener_module.time, "sleep", lambda seconds: None)
    second = start_listener(mosquitto_broker)
    pump(second, lambda: SignalMessage.objects.count() >= total, timeout=30)
    time.sleep(0.5)
    pump(second, lambda: True, timeout=2)  # anything still redelivered is a duplicate, skipped
    second.stop()
    publisher.close()

    assert len(failures) == 2
    assert SignalMessage.objects.count() == total == 300  # 0 lost
    assert sum(r.good for r in MachineCount.objects.filter(machine=press)) == 300  # 0 counted twice
    # the 60 the first listener held unacknowledged came again; the 30 it had stored were skipped
    assert (second.stats.received, second.stats.duplicates) == (260, 30)
