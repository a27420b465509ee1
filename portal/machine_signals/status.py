"""What a board shows of a machine with signals: running, stopped or faulted since when, or "no signal" when the
listener heard nothing from it for longer than its source's ``silence_seconds`` (whatever it said last)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from portal.models import SignalSource

NO_SIGNAL = "no_signal"


@dataclass(frozen=True)
class MachineStatus:
    machine_id: int
    code: str
    line_id: int
    state: str  # running / stopped / faulted / no_signal / "" (never heard)
    since: dt.datetime | None
    fault_code: str
    last_message_at: dt.datetime | None

    @property
    def silent(self) -> bool:
        return self.state == NO_SIGNAL


def state_of(source: SignalSource, now: dt.datetime) -> str:
    if source.last_message_at is None:
        return NO_SIGNAL
    if (now - source.last_message_at).total_seconds() > source.silence_seconds:
        return NO_SIGNAL
    return source.state


def statuses(lines: Iterable, now: dt.datetime | None = None) -> dict[int, list[MachineStatus]]:
    """Per line id, the status of each of its machines that has an enabled signal source (one query)."""
    now = now or timezone.now()
    out: dict[int, list[MachineStatus]] = {}
    sources = (SignalSource.objects.filter(enabled=True, machine__active=True,
                                           machine__line__in=[getattr(x, "pk", x) for x in lines])
               .select_related("machine").order_by("machine__code"))
    for source in sources:
        state = state_of(source, now)
        out.setdefault(source.machine.line_id, []).append(MachineStatus(
            source.machine_id, source.machine.code, source.machine.line_id, state,
            None if state == NO_SIGNAL else source.state_since, source.fault_code, source.last_message_at))
    return out


def seconds_since_last_message(source: SignalSource, now: dt.datetime | None = None) -> float | None:
    if source.last_message_at is None:
        return None
    return max(((now or timezone.now()) - source.last_message_at).total_seconds(), 0.0)
