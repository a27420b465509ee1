"""OPC UA as the second source (docs/machine-signals.md): a machine read from an OPC UA server's nodes by
subscription (the server reports each change; nothing is polled). Each data change becomes a ``Reading`` in the
listener's inbox, so it is stored, deduplicated and applied exactly like an MQTT message.

The message id is the node and the value's source timestamp: a change reported twice (a reconnection replays the
current values) is stored once. OPC UA has no broker that keeps changes while the listener is down: use the
controller's counters (``good_total``) so the parts made meanwhile are counted by the next reading.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
import time

from portal.models import SignalSource

from .payloads import PayloadError, _reading

log = logging.getLogger("portal.machine_signals")

PUBLISHING_MS = 200  # the server sends the changes of a subscription at most this often
RECONNECT_SECONDS = 5


class _Handler:
    def __init__(self, reader: OpcUaReader, machine_id: int, fields: dict[str, str]):
        self.reader, self.machine_id, self.fields = reader, machine_id, fields

    def datachange_notification(self, node, value, data):
        field = self.fields.get(node.nodeid.to_string())
        if field is None or (field == "fault" and not value):
            return  # not ours, or a fault code cleared (the running state closes the stop)
        variant = data.monitored_item.Value
        at = variant.SourceTimestamp or variant.ServerTimestamp or dt.datetime.now(dt.UTC)
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        message_id = f"ua:{node.nodeid.to_string()}:{at.isoformat()}"
        try:
            reading = _reading(self.machine_id, message_id, at, {field.replace("_", ""): value})
        except PayloadError as exc:
            log.warning("unreadable OPC UA value of %s (%s): %r", node.nodeid.to_string(), exc, value)
            return
        self.reader.inbox.put(("opcua", reading, None, 0, time.time()))


class OpcUaReader:
    """One thread with an asyncio loop; one client and one subscription per server endpoint."""

    def __init__(self, inbox):
        self.inbox = inbox
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.connected = threading.Event()

    @staticmethod
    def sources() -> dict[str, list[SignalSource]]:
        out: dict[str, list[SignalSource]] = {}
        for source in SignalSource.objects.filter(enabled=True, machine__active=True,
                                                  payload=SignalSource.Payload.OPCUA).exclude(opcua_endpoint=""):
            out.setdefault(source.opcua_endpoint, []).append(source)
        return out

    def start(self) -> None:
        endpoints = {url: [(s.machine_id, dict(s.opcua_nodes)) for s in sources]
                     for url, sources in self.sources().items()}
        if not endpoints:
            return
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run(endpoints)), name="opcua",
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(10)

    async def _run(self, endpoints: dict[str, list[tuple[int, dict]]]) -> None:
        await asyncio.gather(*(self._endpoint(url, machines) for url, machines in endpoints.items()))

    async def _endpoint(self, url: str, machines: list[tuple[int, dict]]) -> None:
        from asyncua import Client

        while not self.stopping.is_set():
            try:
                async with Client(url=url, timeout=5) as client:
                    subscription = None
                    for machine_id, nodes in machines:
                        by_node = {client.get_node(node_id).nodeid.to_string(): field
                                   for field, node_id in nodes.items()}
                        subscription = await client.create_subscription(
                            PUBLISHING_MS, _Handler(self, machine_id, by_node))
                        await subscription.subscribe_data_change([client.get_node(n) for n in by_node])
                    log.info("subscribed to %s machines on OPC UA %s", len(machines), url)
                    self.connected.set()
                    while not self.stopping.is_set():
                        await asyncio.sleep(0.2)
                        await client.check_connection()
            except (TimeoutError, OSError, ConnectionError) as exc:
                self.connected.clear()
                log.warning("OPC UA %s unavailable (%s); retrying in %s s", url, exc, RECONNECT_SECONDS)
                await asyncio.sleep(RECONNECT_SECONDS)
            except Exception as exc:  # noqa: BLE001 - asyncua raises its own kinds; the reader must keep going
                self.connected.clear()
                log.warning("OPC UA %s: %s; reconnecting in %s s", url, exc, RECONNECT_SECONDS)
                await asyncio.sleep(RECONNECT_SECONDS)
