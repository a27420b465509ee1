"""Simulated machines for the demo (and the bench): each runs cycles of a realistic length with a little jitter,
makes a reject now and then, has micro-stops (seconds), jams (minutes, with a fault code) and a break in the middle
of each shift, and publishes what a PLC gateway would: state changes and a heartbeat, and after each cycle its
counters (plain JSON) or the same as Sparkplug B metrics."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import sparkplug

FAULTS = ["E12", "E31", "E42"]  # jam at the infeed, sensor fault, motor overload


@dataclass
class SimulatedMachine:
    machine_id: int
    topic: str
    payload: str  # json / sparkplug
    cycle_seconds: float = 24.0
    reject_rate: float = 0.02
    micro_stop_rate: float = 0.03  # per cycle
    jam_rate: float = 0.004  # per cycle
    seed: int = 0
    state: str = "running"
    until: float = 0.0  # the current stop ends (POSIX seconds)
    next_cycle: float = 0.0
    good_total: int = 0
    reject_total: int = 0
    fault: str = ""
    seq: int = 0
    last_sent: float = 0.0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self):
        self.rng.seed(self.seed or self.machine_id)
        self.good_total = self.rng.randrange(10_000, 60_000)

    def _message(self, now: float, **fields) -> tuple[str, bytes | dict]:
        self.seq += 1
        self.last_sent = now
        if self.payload == "sparkplug":
            stamp = int(now * 1000)
            names = {"state": "State", "fault": "Fault", "good_total": "GoodTotal", "reject_total": "RejectTotal",
                     "cycles": "Cycles", "cycle_time": "CycleTime"}
            metrics = [sparkplug.Metric(names[k], stamp, v) for k, v in fields.items()]
            return self.topic, sparkplug.encode(sparkplug.Payload(timestamp=stamp, seq=self.seq % 256,
                                                                  metrics=metrics))
        ts = dt.datetime.fromtimestamp(now, dt.UTC).isoformat(timespec="milliseconds")
        return self.topic, {"id": f"{self.machine_id}-{int(now * 1000)}-{self.seq}", "ts": ts, **fields}

    def step(self, now: float, on_break: bool) -> list[tuple[str, bytes | dict]]:
        """Messages due at ``now`` (call about once a second)."""
        out = []
        if self.state == "running" and on_break:
            self.state, self.until = "stopped", now + 60
            out.append(self._message(now, state="stopped"))
        elif self.state != "running" and now >= self.until and not on_break:
            self.state, self.fault = "running", ""
            self.next_cycle = now + self.cycle_seconds
            out.append(self._message(now, state="running"))
        elif self.state != "running" and on_break:
            self.until = now + 60
        elif self.state == "running" and now >= self.next_cycle:
            rejected = self.rng.random() < self.reject_rate
            self.good_total += not rejected
            self.reject_total += rejected
            took = self.cycle_seconds * self.rng.uniform(0.92, 1.15)
            out.append(self._message(now, good_total=self.good_total, reject_total=self.reject_total, cycles=1,
                                     cycle_time=round(took, 2)))
            self.next_cycle = now + took
            roll = self.rng.random()
            if roll < self.jam_rate:
                self.state, self.fault = "faulted", self.rng.choice(FAULTS)
                self.until = now + self.rng.uniform(180, 900)
                out.append(self._message(now, state="faulted", fault=self.fault))
            elif roll < self.jam_rate + self.micro_stop_rate:
                self.state, self.until = "stopped", now + self.rng.uniform(8, 90)
                out.append(self._message(now, state="stopped"))
        if not out and now - self.last_sent >= 15:  # heartbeat: a quiet machine is not a silent one
            out.append(self._message(now, state=self.state, **({"fault": self.fault} if self.fault else {})))
        return out


def on_break(local: dt.datetime, shift_starts: list[dt.time], hours: float = 8.0) -> bool:
    """The 20-minute break in the middle of each shift (plant-local time)."""
    minutes = local.hour * 60 + local.minute
    for start in shift_starts:
        middle = (start.hour * 60 + start.minute + int(hours * 30)) % 1440
        if 0 <= (minutes - middle) % 1440 < 20:
            return True
    return False
