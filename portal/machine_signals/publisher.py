"""A small MQTT publisher the way a PLC gateway publishes: QoS 1 and a persistent session, so nothing published is
lost when the broker restarts (paho keeps the unacknowledged messages and sends them again on reconnection). The
simulator, the tests and the bench publish through it."""

from __future__ import annotations

import json
import threading
import time
from typing import Any


class Publisher:
    def __init__(self, host: str, port: int, client_id: str):
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False,
                                  protocol=mqtt.MQTTv311)
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)  # no limit: kept while the broker is away
        self.client.reconnect_delay_set(min_delay=0.2, max_delay=2)
        self.sent = 0
        self.acked = 0  # counted, not matched by message id: ids are reused after 65,535
        self.lock = threading.Lock()
        self.connected = threading.Event()
        self.client.on_connect = lambda *args: self.connected.set()
        self.client.on_disconnect = lambda *args: self.connected.clear()
        self.client.on_publish = self._published
        self.client.connect_async(host, port, keepalive=10)
        self.client.loop_start()
        if not self.connected.wait(10):
            raise ConnectionError(f"no MQTT broker answered on {host}:{port}")

    def _published(self, client, userdata, mid, reason_code=None, properties=None):
        with self.lock:
            self.acked += 1

    def send(self, topic: str, body: dict[str, Any] | bytes) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
        with self.lock:
            self.sent += 1
        self.client.publish(topic, data, qos=1)

    def wait_acked(self, timeout: float = 30) -> bool:
        """True once the broker acknowledged every message sent (False after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.acked >= self.sent:
                    return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
