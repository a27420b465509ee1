"""The MQTT listener the ``signal_listener`` command runs (docs/machine-signals.md).

At least once, stored once:

* MQTT v5, QoS 1, a fixed client id and a persistent session (clean start off, a long session expiry): while the
  listener is down the broker keeps the messages of its subscriptions and delivers them when it is back.
* Manual acknowledgement: a message is acknowledged only after the transaction that stored it committed. A crash,
  a broker restart or a database outage before that leaves it unacknowledged and the broker delivers it again;
  the store (``ingest``) skips the copy it already has.
* The network thread only queues messages; the main loop takes them in batches (up to ``batch`` messages or
  ``flush_seconds``), stores a batch in one transaction, acknowledges it, then hands new stops to downtime. A
  failing database is retried with a growing pause, the batch kept in memory (and unacknowledged at the broker).
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.models import SignalSource

from . import stops
from .ingest import Outcome, ingest
from .payloads import PayloadError, Reading, decode

log = logging.getLogger("portal.machine_signals")

TOPIC_REFRESH_SECONDS = 30  # admin changes to the topic map are picked up this often (and counts are posted)
SESSION_EXPIRY = 7 * 24 * 3600  # the broker keeps the session (and queued messages) a week
RECEIVE_MAXIMUM = 1000  # unacknowledged messages the broker may have in flight to us


@dataclass(frozen=True)
class Route:
    machine_id: int
    payload: str


@dataclass
class Stats:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    batches: int = 0
    statements: int = 0
    lags: list[float] = field(default_factory=list)  # seconds from the controller's time to the commit


def topic_map() -> dict[str, Route]:
    routes = {}
    for source in SignalSource.objects.filter(enabled=True, machine__active=True).exclude(
            payload=SignalSource.Payload.OPCUA):
        for topic in filter(None, (source.state_topic, source.count_topic)):
            routes[topic] = Route(source.machine_id, source.payload)
    return routes


class Listener:
    def __init__(self, *, host: str | None = None, port: int | None = None, client_id: str | None = None,
                 batch: int = 500, flush_seconds: float = 0.2, keep_lags: bool = False):
        self.host = host or settings.MQTT_HOST
        self.port = port or settings.MQTT_PORT
        self.client_id = client_id or settings.MQTT_CLIENT_ID
        self.batch = batch
        self.flush_seconds = flush_seconds
        self.keep_lags = keep_lags
        self.inbox: queue.Queue = queue.Queue()
        self.routes: dict[str, Route] = {}
        self.subscribed: set[str] = set()
        self.stats = Stats()
        self.stopping = threading.Event()
        self.connected = threading.Event()
        self.client = self._client()

    # --- MQTT --------------------------------------------------------------------------------------------------
    def _client(self):
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=mqtt.MQTTv5,
                             manual_ack=True)
        if settings.MQTT_USERNAME:
            client.username_pw_set(settings.MQTT_USERNAME, settings.MQTT_PASSWORD or None)
        if settings.MQTT_TLS_CA:
            client.tls_set(ca_certs=settings.MQTT_TLS_CA, certfile=settings.MQTT_TLS_CERT or None,
                           keyfile=settings.MQTT_TLS_KEY or None)
        client.reconnect_delay_set(min_delay=1, max_delay=10)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        return client

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("MQTT broker %s:%s refused the connection: %s", self.host, self.port, reason_code)
            return
        log.info("connected to MQTT %s:%s (session present: %s)", self.host, self.port, flags.session_present)
        self.subscribed = set()
        self._subscribe()
        self.connected.set()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.connected.clear()
        if not self.stopping.is_set():
            log.warning("MQTT connection lost (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, message):
        self.inbox.put((message.topic, message.payload, message.mid, message.qos, time.time()))

    def _subscribe(self) -> None:
        topics = sorted(set(self.routes) - self.subscribed)
        for start in range(0, len(topics), 100):
            chunk = topics[start:start + 100]
            self.client.subscribe([(topic, 1) for topic in chunk])
            self.subscribed.update(chunk)

    def start(self) -> None:
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        self.routes = topic_map()
        from .opcua import OpcUaReader

        self.opcua = OpcUaReader(self.inbox)
        self.opcua.start()
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = SESSION_EXPIRY
        props.ReceiveMaximum = RECEIVE_MAXIMUM
        self.client.connect_async(self.host, self.port, keepalive=30, clean_start=False, properties=props)
        self.client.loop_start()

    def stop(self) -> None:
        self.stopping.set()
        self.client.disconnect()
        self.client.loop_stop()
        if getattr(self, "opcua", None) is not None:
            self.opcua.stop()

    # --- Batches -----------------------------------------------------------------------------------------------
    def _take(self) -> list[tuple]:
        items = []
        deadline = time.monotonic() + self.flush_seconds
        while len(items) < self.batch:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                break
            try:
                items.append(self.inbox.get(timeout=timeout))
            except queue.Empty:
                break
        return items

    def _decode(self, items: list[tuple]) -> list[Reading]:
        readings = []
        now = timezone.now()
        for topic, data, _mid, _qos, _arrived in items:
            if topic == "opcua":  # read from an OPC UA subscription, already a reading
                readings.append(data)
                continue
            route = self.routes.get(topic)
            if route is None:
                continue  # unsubscribed since, or another client's topic
            try:
                readings.append(decode(route.payload, route.machine_id, topic, data, now))
            except PayloadError as exc:
                self.stats.rejected += 1
                log.warning("unreadable message on %s (%s): %r", topic, exc, data[:200])
        return readings

    def _store(self, readings: list[Reading]) -> Outcome:
        """Store the batch, retrying through a database outage (nothing is acknowledged before it commits)."""
        pause = 0.5
        while True:
            try:
                return ingest(readings)
            except DatabaseError as exc:
                if self.stopping.is_set():
                    raise
                log.error("database unavailable, batch of %s kept for a retry in %.0f s: %s", len(readings),
                          pause, exc)
                connection.close()
                time.sleep(pause)
                pause = min(pause * 2, 10)

    def handle(self, items: list[tuple]) -> Outcome:
        close_old_connections()
        outcome = self._store(self._decode(items))
        for _topic, _data, mid, qos, _arrived in items:
            if qos:
                self.client.ack(mid, qos)
        done = time.time()
        stats = self.stats
        stats.received += len(items)
        stats.stored += outcome.stored
        stats.duplicates += outcome.duplicates
        stats.statements += outcome.statements
        stats.batches += 1
        if self.keep_lags:
            stats.lags.extend(done - arrived for *_rest, arrived in items)
        if outcome.stops:
            self._publish_stops()
        return outcome

    def _publish_stops(self) -> None:
        try:
            stops.publish()
        except DatabaseError as exc:  # tried again after the next batch or at the next start
            log.error("detected stops not handed to downtime yet: %s", exc)
            connection.close()

    def post_counts(self) -> None:
        """Settled machine counts into the production ledger (``settings.MACHINE_SIGNAL_COUNT_WRITER``)."""
        writer = getattr(settings, "MACHINE_SIGNAL_COUNT_WRITER", "")
        if not writer:
            return
        try:
            import_string(writer)()
        except DatabaseError as exc:  # tried again at the next round
            log.error("machine counts not posted to the ledger yet: %s", exc)
            connection.close()

    def run(self, *, seconds: float | None = None) -> Stats:
        """Listen until SIGTERM/SIGINT (or ``seconds``); returns the counters."""
        self.start()
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_args: self.stopping.set())
        self._publish_stops()  # stops left pending by an earlier run
        refreshed = time.monotonic()
        ends = time.monotonic() + seconds if seconds else None
        try:
            while not self.stopping.is_set() and (ends is None or time.monotonic() < ends):
                items = self._take()
                if items:
                    self.handle(items)
                if time.monotonic() - refreshed > TOPIC_REFRESH_SECONDS:
                    refreshed = time.monotonic()
                    self.routes = topic_map()
                    if self.connected.is_set():
                        self._subscribe()
                    self.post_counts()
        finally:
            self.stop()
        return self.stats
