"""One MQTT message of a machine, decoded into a ``Reading`` (docs/machine-signals.md has the formats).

Plain JSON::

    {"id": "PRESS-1-000123", "ts": "2026-12-07T14:03:05Z", "state": "faulted", "fault": "E42",
     "good": 3, "reject": 1, "good_total": 10234, "reject_total": 12, "cycles": 1, "cycle_time": 31.5}

every field optional but one of state/counts/cycles; ``ts`` ISO 8601 with an offset (or epoch seconds/ms);
``id`` (or ``seq``) names the message for the idempotent store. Sparkplug B (DDATA/DBIRTH of a device): the same
names as metrics (``State``, ``Fault``, ``Good``, ``GoodTotal``...; case and underscores ignored), the payload's
timestamp and seq name the message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from . import sparkplug

STATES = {"running": "running", "run": "running", "1": "running", "true": "running", "stopped": "stopped",
          "stop": "stopped", "idle": "stopped", "0": "stopped", "false": "stopped", "faulted": "faulted",
          "fault": "faulted", "alarm": "faulted", "2": "faulted"}
MAX_COUNT = 1_000_000  # increments larger than this in one message are a broken payload, not production


BODY_FIELDS = ("state", "fault", "good", "reject", "good_total", "reject_total", "cycles", "cycle_seconds")


class PayloadError(ValueError):
    """A message that cannot be read; the listener logs it (with the topic) and acknowledges it."""


@dataclass
class Reading:
    machine_id: int
    message_id: str
    at: dt.datetime  # the controller's time, aware (UTC)
    state: str | None = None  # running / stopped / faulted
    fault: str = ""
    good: int = 0  # increments since the previous message
    reject: int = 0
    good_total: int | None = None  # the controller's counters (reset and rollover recognised on ingest)
    reject_total: int | None = None
    cycles: int = 0
    cycle_seconds: float = 0.0

    def body(self) -> dict[str, Any]:
        """What it said, without the empty fields (stored with the message; dataclasses.asdict deep-copies: slow)."""
        return {name: value for name in BODY_FIELDS if (value := getattr(self, name)) not in (None, "", 0, 0.0)}


def _time(value: Any, received: dt.datetime) -> dt.datetime:
    if value is None or value == "":
        return received
    if isinstance(value, bool):
        raise PayloadError("ts must be a time")
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value  # milliseconds (Sparkplug, most PLCs) or seconds
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise PayloadError(f"ts out of range: {value}") from exc
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise PayloadError(f"ts is not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        raise PayloadError(f"ts needs an offset (Z or +hh:mm): {value!r}")
    return moment.astimezone(dt.UTC)


def _count(fields: dict, name: str, total: bool = False) -> int | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
        raise PayloadError(f"{name} must be a whole number, 0 or more: {value!r}")
    if not total and value > MAX_COUNT:
        raise PayloadError(f"{name} too large for one message: {value}")
    return int(value)


def _reading(machine_id: int, message_id: str, at: dt.datetime, fields: dict) -> Reading:
    state = fields.get("state")
    if state is not None:
        state = STATES.get(str(state).strip().lower())
        if state is None:
            raise PayloadError(f"unknown state {fields.get('state')!r} (running, stopped or faulted)")
    fault = fields.get("fault")
    fault = "" if fault in (None, "", 0) else str(fault).strip()[:40]
    if fault and state is None:
        state = "faulted"
    cycle_time = fields.get("cycletime")
    try:
        cycle_seconds = float(cycle_time) if cycle_time is not None else 0.0
    except (TypeError, ValueError) as exc:
        raise PayloadError(f"cycle_time must be seconds: {cycle_time!r}") from exc
    reading = Reading(machine_id, message_id[:100], at, state=state, fault=fault,
                      good=_count(fields, "good") or 0, reject=_count(fields, "reject") or 0,
                      good_total=_count(fields, "goodtotal", total=True),
                      reject_total=_count(fields, "rejecttotal", total=True),
                      cycles=_count(fields, "cycles") or _count(fields, "cycle") or 0,
                      cycle_seconds=max(cycle_seconds, 0.0))
    if reading.state is None and not reading.body():
        raise PayloadError("no state, counts or cycles in the message")
    return reading


def _norm(name: str) -> str:
    return name.replace("_", "").replace("-", "").replace(" ", "").lower()


def decode_json(machine_id: int, topic: str, data: bytes, received: dt.datetime) -> Reading:
    try:
        fields = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"not JSON: {exc}") from exc
    if not isinstance(fields, dict):
        raise PayloadError("the JSON payload must be an object")
    fields = {_norm(str(k)): v for k, v in fields.items()}
    at = _time(fields.get("ts", fields.get("timestamp")), received)
    if fields.get("id") not in (None, ""):
        message_id = str(fields["id"])
    elif fields.get("seq") not in (None, ""):
        message_id = f"seq:{fields['seq']}"
    else:  # no id: the content names it, so a redelivery of the same bytes is still recognised
        message_id = "sha:" + hashlib.sha256(topic.encode() + b"\0" + data).hexdigest()[:40]
    return _reading(machine_id, message_id, at, fields)


def decode_sparkplug(machine_id: int, topic: str, data: bytes, received: dt.datetime) -> Reading:
    try:
        payload = sparkplug.decode(data)
    except sparkplug.SparkplugError as exc:
        raise PayloadError(f"not a Sparkplug B payload: {exc}") from exc
    fields = {_norm(m.name.rsplit("/", 1)[-1]): m.value for m in payload.metrics if m.name}
    stamps = [m.timestamp for m in payload.metrics if m.timestamp] or [payload.timestamp]
    at = _time(payload.timestamp or max(filter(None, stamps), default=None), received)
    if payload.timestamp is not None:
        message_id = f"sp:{payload.timestamp}:{payload.seq}"
    else:
        message_id = "sha:" + hashlib.sha256(topic.encode() + b"\0" + data).hexdigest()[:40]
    return _reading(machine_id, message_id, at, fields)


def decode(kind: str, machine_id: int, topic: str, data: bytes, received: dt.datetime) -> Reading:
    """The reading of one message; PayloadError says what is wrong with it."""
    decoder = decode_sparkplug if kind == "sparkplug" else decode_json
    return decoder(machine_id, topic, data, received)
