"""Readings into the database, each message exactly once, in one transaction per batch.

The rules (docs/machine-signals.md):

* **Once.** A message whose (machine, message id) is already stored is skipped: a redelivery after a listener,
  broker or database restart changes nothing.
* **State.** Stopped or faulted after running opens a stop at the message's time; running again closes it. A
  closed stop shorter than the line's ``micro_stop_seconds`` is a micro-stop (OEE's performance loss), longer it
  is a ``DetectedStop`` handed to the downtime app (``stops.publish``). A late state message (older than the
  latest one applied) is stored but does not rewrite the machine's history.
* **Counts.** Increments (``good``/``reject``) count in the minute the controller stamped, late or not. Counter
  readings (``good_total``...) count their difference from the previous reading: a smaller value is a rollover
  when the previous one was near the modulus and the new one near 0, otherwise a reset (the new value counts from
  0); the first reading is the baseline; a late reading counts nothing (its units are in the next difference).
* **Batched.** One query to find the known ids, one bulk insert of the messages, one read and at most two writes
  of the minutes touched, at most two writes of the sources: a few statements per batch, whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from portal.models import DetectedStop, MachineCount, SignalMessage, SignalSource

from .payloads import Reading

STOPPED = ("stopped", "faulted")
ROLLOVER_BAND = 0.1  # a drop from the top tenth of the counter's range to its bottom tenth is a rollover


@dataclass
class Outcome:
    stored: int = 0
    duplicates: int = 0
    stops: list[DetectedStop] = field(default_factory=list)
    micro_stops: int = 0
    statements: int = 0  # database writes of the batch (the bench reports writes per message)


def counter_delta(previous: int | None, current: int | None, modulus: int) -> int:
    """Units a counter reading adds to the previous one: reset and rollover recognised, never negative."""
    if previous is None or current is None:
        return 0
    if current >= previous:
        return current - previous
    if previous >= modulus * (1 - ROLLOVER_BAND) and current < modulus * ROLLOVER_BAND:
        return modulus - previous + current
    return current  # reset on the controller: counted from 0 again


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def _apply_state(source: SignalSource, reading: Reading, threshold: int, outcome: Outcome,
                 new_stops: list[DetectedStop]) -> None:
    if reading.state is None or (source.state_at is not None and reading.at < source.state_at):
        return  # no state in it, or late: stored, history not rewritten
    was_stopped, stopped = source.state in STOPPED, reading.state in STOPPED
    if stopped and not was_stopped:
        source.state_since, source.fault_code = reading.at, reading.fault
    elif stopped and was_stopped:
        source.fault_code = source.fault_code or reading.fault  # the first fault code names the stop
    elif not stopped and was_stopped and source.state_since is not None:
        seconds = (reading.at - source.state_since).total_seconds()
        if seconds > 0:
            stop = DetectedStop(machine_id=source.machine_id, start=source.state_since, end=reading.at,
                                fault_code=source.fault_code, micro=seconds < threshold)
            new_stops.append(stop)
            outcome.micro_stops += stop.micro
        source.state_since, source.fault_code = reading.at, ""
    elif source.state != reading.state or source.state_since is None:
        source.state_since = reading.at
    source.state, source.state_at = reading.state, reading.at


def _apply_counts(source: SignalSource, reading: Reading, counts: dict) -> None:
    good, reject = reading.good, reading.reject
    has_totals = reading.good_total is not None or reading.reject_total is not None
    if has_totals and (source.totals_at is None or reading.at >= source.totals_at):
        if reading.good_total is not None:
            good += counter_delta(source.good_total, reading.good_total, source.counter_modulus)
            source.good_total = reading.good_total
        if reading.reject_total is not None:
            reject += counter_delta(source.reject_total, reading.reject_total, source.counter_modulus)
            source.reject_total = reading.reject_total
        source.totals_at = reading.at
    if good or reject or reading.cycles:
        bucket = counts[(source.machine_id, _minute(reading.at))]
        bucket[0] += good
        bucket[1] += reject
        bucket[2] += reading.cycles
        bucket[3] += reading.cycle_seconds


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _write_counts(counts: dict, lines: dict[int, int], outcome: Outcome) -> None:
    """Add the batch's counts to their minutes: new minutes in one insert, the others by one executemany of
    plain ``SET good = good + n`` updates (Django's bulk_update builds a CASE per row and field: ~1 s per batch)."""
    if not counts:
        return
    machines = {machine for machine, _minute in counts}
    minutes = {minute for _machine, minute in counts}
    rows = MachineCount.objects.select_for_update().filter(machine_id__in=machines, minute__in=minutes)
    existing = {(machine, minute): pk for pk, machine, minute in rows.values_list("pk", "machine_id", "minute")}
    created, changed = [], []
    for key, (good, reject, cycles, seconds) in counts.items():
        pk = existing.get(key)
        if pk is None:
            created.append(MachineCount(machine_id=key[0], line_id_copy=lines[key[0]], minute=key[1], good=good,
                                        reject=reject, cycles=cycles, cycle_seconds=seconds))
        else:
            changed.append((good, reject, cycles, seconds, pk))
    if created:
        MachineCount.objects.bulk_create(created)
        outcome.statements += 1
    if changed:
        sql = (f"UPDATE {_table(MachineCount)} SET good = good + %s, reject = reject + %s, "  # noqa: S608 - names
               "cycles = cycles + %s, cycle_seconds = cycle_seconds + %s WHERE id = %s")
        with connection.cursor() as cursor:
            cursor.executemany(sql, changed)
        outcome.statements += 1


SOURCE_FIELDS = ("state", "state_since", "state_at", "fault_code", "good_total", "reject_total", "totals_at")


def _write_sources(sources: list[SignalSource], before: dict[int, tuple], now: dt.datetime,
                   outcome: Outcome) -> None:
    """The heard time of every source in one statement; the running state of those whose state or counters
    moved in one executemany."""
    adapt = connection.ops.adapt_datetimefield_value
    SignalSource.objects.filter(pk__in=[s.pk for s in sources]).update(last_message_at=now)
    outcome.statements += 1
    rows = []
    for source in sources:
        values = tuple(getattr(source, name) for name in SOURCE_FIELDS)
        if values != before[source.pk]:
            rows.append([adapt(v) if isinstance(v, dt.datetime) else v for v in values] + [source.pk])
    if rows:
        assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in SOURCE_FIELDS)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {_table(SignalSource)} SET {assignments} WHERE id = %s",  # noqa: S608
                               rows)
        outcome.statements += 1


def ingest(readings: list[Reading], now: dt.datetime | None = None) -> Outcome:
    """Store ``readings`` (any machines, any order) and apply the new ones; see the module's docstring."""
    outcome = Outcome()
    if not readings:
        return outcome
    now = now or timezone.now()
    with transaction.atomic():
        machine_ids = {r.machine_id for r in readings}
        sources = {s.machine_id: s for s in SignalSource.objects.select_for_update().filter(
            machine_id__in=machine_ids).select_related("machine__line")}
        before = {s.pk: tuple(getattr(s, name) for name in SOURCE_FIELDS) for s in sources.values()}
        known = set(SignalMessage.objects.filter(
            machine_id__in=machine_ids, message_id__in={r.message_id for r in readings},
        ).values_list("machine_id", "message_id"))
        fresh: list[Reading] = []
        for reading in readings:
            key = (reading.machine_id, reading.message_id)
            if key in known or reading.machine_id not in sources:
                outcome.duplicates += key in known
                continue
            known.add(key)
            fresh.append(reading)
        if not fresh:
            return outcome
        SignalMessage.objects.bulk_create(
            [SignalMessage(machine_id=r.machine_id, message_id=r.message_id, at=r.at, body=r.body()) for r in fresh],
            ignore_conflicts=True)
        outcome.statements += 1
        outcome.stored = len(fresh)
        counts: dict = defaultdict(lambda: [0, 0, 0, 0.0])
        new_stops: list[DetectedStop] = []
        for reading in sorted(fresh, key=lambda r: (r.machine_id, r.at)):  # stable: equal times keep their order
            source = sources[reading.machine_id]
            _apply_state(source, reading, source.machine.line.micro_stop_seconds, outcome, new_stops)
            _apply_counts(source, reading, counts)
        _write_counts(counts, {m: s.machine.line_id for m, s in sources.items()}, outcome)
        if new_stops:
            DetectedStop.objects.bulk_create(new_stops, ignore_conflicts=True)
            outcome.statements += 1
            outcome.stops = [s for s in new_stops if not s.micro]
        _write_sources(list(sources.values()), before, now, outcome)
    return outcome
