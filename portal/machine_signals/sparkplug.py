"""The part of the Sparkplug B payload (protobuf, ``org.eclipse.tahu.protobuf.Payload``) a machine monitor reads:
the payload's timestamp and seq, and each metric's name, timestamp and scalar value.

Hand-written protobuf wire format (about 80 lines) instead of generated classes: no protobuf compiler or runtime
to install, and nothing here needs datasets, templates or properties. ``encode`` exists for the simulator and
the tests.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any


class SparkplugError(ValueError):
    pass


# Sparkplug B data types (the spec's DataType enum) of the scalar values read here.
INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT, DOUBLE, BOOLEAN, STRING = (
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)


@dataclass
class Metric:
    name: str = ""
    timestamp: int | None = None  # ms since the epoch
    value: Any = None


@dataclass
class Payload:
    timestamp: int | None = None
    seq: int | None = None
    metrics: list[Metric] = field(default_factory=list)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise SparkplugError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 70:
            raise SparkplugError("varint too long")


def _fields(data: bytes):
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise SparkplugError(f"unsupported wire type {wire}")
        if pos > len(data):
            raise SparkplugError("truncated field")
        yield number, value


def _signed(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _metric(data: bytes) -> Metric:
    metric, datatype, raw = Metric(), 0, {}
    for number, value in _fields(data):
        if number == 1:
            metric.name = value.decode("utf-8", "replace")
        elif number == 3:
            metric.timestamp = value
        elif number == 4:
            datatype = value
        elif number in (10, 11, 12, 13, 14, 15):
            raw[number] = value
    if 10 in raw:
        metric.value = _signed(raw[10], {INT8: 8, INT16: 16}.get(datatype, 32)) if datatype in (INT8, INT16, INT32) \
            else raw[10]
    elif 11 in raw:
        metric.value = _signed(raw[11], 64) if datatype == INT64 else raw[11]
    elif 12 in raw:
        metric.value = struct.unpack("<f", raw[12])[0]
    elif 13 in raw:
        metric.value = struct.unpack("<d", raw[13])[0]
    elif 14 in raw:
        metric.value = bool(raw[14])
    elif 15 in raw:
        metric.value = raw[15].decode("utf-8", "replace")
    return metric


def decode(data: bytes) -> Payload:
    payload = Payload()
    try:
        for number, value in _fields(data):
            if number == 1:
                payload.timestamp = value
            elif number == 2:
                payload.metrics.append(_metric(value))
            elif number == 3:
                payload.seq = value
    except (struct.error, IndexError, TypeError) as exc:
        raise SparkplugError(str(exc)) from exc
    return payload


def _key(number: int, wire: int) -> bytes:
    return _enc_varint(number << 3 | wire)


def _enc_varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes(number: int, data: bytes) -> bytes:
    return _key(number, 2) + _enc_varint(len(data)) + data


def encode(payload: Payload) -> bytes:
    out = bytearray()
    if payload.timestamp is not None:
        out += _key(1, 0) + _enc_varint(payload.timestamp)
    for metric in payload.metrics:
        body = _bytes(1, metric.name.encode())
        if metric.timestamp is not None:
            body += _key(3, 0) + _enc_varint(metric.timestamp)
        value = metric.value
        if isinstance(value, bool):
            body += _key(4, 0) + _enc_varint(BOOLEAN) + _key(14, 0) + _enc_varint(int(value))
        elif isinstance(value, int):
            body += _key(4, 0) + _enc_varint(INT64) + _key(11, 0) + _enc_varint(value)
        elif isinstance(value, float):
            body += _key(4, 0) + _enc_varint(DOUBLE) + _key(13, 1) + struct.pack("<d", value)
        elif value is not None:
            body += _key(4, 0) + _enc_varint(STRING) + _bytes(15, str(value).encode())
        out += _bytes(2, body)
    if payload.seq is not None:
        out += _key(3, 0) + _enc_varint(payload.seq)
    return bytes(out)
