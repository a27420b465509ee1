"""OPC UA as the second source: the listener subscribes to an in-process asyncua server's nodes; state changes
and counter readings become the same stops and counts as MQTT messages, a replayed value is stored once."""

import asyncio
import datetime as dt
import threading
import time

import pytest

from portal.machine_signals.listener import Listener
from portal.models import DetectedStop, Machine, MachineCount, SignalMessage, SignalSource
from portal.testing.services import free_port

pytestmark = pytest.mark.django_db(transaction=True)


class UaServer:
    """An asyncua server in a thread of this process, with one machine's nodes."""

    def __init__(self):
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.nodes = {}
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)

    async def _start(self):
        from asyncua import Server, ua

        self.server = Server()
        await self.server.init()
        self.server.set_endpoint(f"opc.tcp://127.0.0.1:{self.port}/plant/")
        namespace = await self.server.register_namespace("urn:plant-portal:test")
        press = await self.server.nodes.objects.add_object(namespace, "Press1")
        self.nodes["state"] = await press.add_variable(ua.NodeId("Press1.State", namespace), "State", "running")
        self.nodes["good_total"] = await press.add_variable(ua.NodeId("Press1.Good", namespace), "Good",
                                                            ua.Variant(1000, ua.VariantType.Int64))
        await self.server.start()
        self.namespace = namespace

    def write(self, name, value, at: dt.datetime):
        from asyncua import ua

        variant = ua.Variant(value, ua.VariantType.Int64) if isinstance(value, int) else ua.Variant(value)
        data = ua.DataValue(variant, SourceTimestamp=at.replace(tzinfo=None), ServerTimestamp=at.replace(tzinfo=None))
        asyncio.run_coroutine_threadsafe(self.nodes[name].write_value(data), self.loop).result(10)

    def stop(self):
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def ua_server():
    server = UaServer()
    yield server
    server.stop()


def test_an_opc_ua_machine_gives_stops_and_counts_by_subscription(ua_server, plant, mosquitto_broker):
    line = plant["lines"][0]
    machine = Machine.objects.create(line=line, code="PRESS-UA", name="Press UA")
    ns = ua_server.namespace
    SignalSource.objects.create(machine=machine, payload=SignalSource.Payload.OPCUA,
                                opcua_endpoint=f"opc.tcp://127.0.0.1:{ua_server.port}/plant/",
                                opcua_nodes={"state": f"ns={ns};s=Press1.State",
                                             "good_total": f"ns={ns};s=Press1.Good"})
    listener = Listener(host="127.0.0.1", port=mosquitto_broker.port, client_id="ua-test", flush_seconds=0.1)
    listener.start()
    assert listener.opcua.connected.wait(20), "the OPC UA reader did not subscribe"

    def pump_until(check, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            items = listener._take()
            if items:
                listener.handle(items)
            if check():
                return
        raise AssertionError(f"timed out: {listener.stats}")

    pump_until(lambda: SignalMessage.objects.filter(machine=machine).count() >= 2)  # the initial values
    t0 = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=1)  # after the initial values
    ua_server.write("good_total", 1010, t0)
    ua_server.write("state", "faulted", t0 + dt.timedelta(minutes=1))
    ua_server.write("state", "running", t0 + dt.timedelta(minutes=8))
    ua_server.write("good_total", 1025, t0 + dt.timedelta(minutes=9))
    pump_until(lambda: DetectedStop.objects.filter(machine=machine).exists()
               and sum(r.good for r in MachineCount.objects.filter(machine=machine)) == 25)
    listener.stop()
    stop = DetectedStop.objects.get(machine=machine)
    assert (stop.start, stop.end, stop.micro) == (t0 + dt.timedelta(minutes=1), t0 + dt.timedelta(minutes=8), False)
