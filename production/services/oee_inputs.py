"""The OEE engine's inputs read from the portal: shift windows with ideal rates, downtime stops, output, rejects.

* Windows: every active shift of each line's facility, per plant-local date the facility's working calendar works
  (portal.calendar: no planned production time on a day off or a holiday), as UTC instants (overnight shifts end
  the next day; DST days have their real length). Ideal rate = the line's ``ProductionCapacity`` for the
  shift (units per shift) / the shift's hours.
* Stops: downtime events (downtime's read service); planned when the category (or its main category) is flagged
  ``planned``.
* Produced: production OUT movements (corrections of OUTs subtract). Rejects: the quality module's internal
  rejects (``quality.services.rejected_units``).
* Per machine (``machine_oee``), where data exists: every machine that has its own stops, output or rejects in the
  period gets the line's shift windows and ideal rate; a stop recorded for the whole line (no machine) stops each
  of its machines, a machine's own stop only that machine; output and rejects count where they were recorded.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence

from downtime.services.reads import stop_rows
from portal.calendar.store import calendars_for
from portal.models import ProductionCapacity, ProductionLine, Shift
from portal.services.fastrows import Epoch, cursor_rows
from portal.services.localtime import local_date
from quality.services import rejected_units, rejected_units_by_machine

from ..engine import oee as engine


def windows(lines: Sequence[ProductionLine], first: dt.date, last: dt.date) -> list[engine.Window]:
    """Shift windows of ``lines`` for the plant-local dates ``first``..``last`` (a shift belongs to its start date)."""
    facility_ids = {line.facility_id for line in lines}
    shifts: dict[int, list[Shift]] = {}
    for shift in Shift.objects.filter(facility_id__in=facility_ids, active=True).order_by("start_time"):
        shifts.setdefault(shift.facility_id, []).append(shift)
    capacity = {(c.line_id, c.shift_id): c.units_per_shift
                for c in ProductionCapacity.objects.filter(line__in=lines)}
    calendars = calendars_for({line.facility_id: line.facility for line in lines}.values())
    out = []
    day = first
    while day <= last:
        for line in lines:
            if not calendars[line.facility_id].works_on(day):
                continue
            zone = zoneinfo.ZoneInfo(line.facility.time_zone)
            for shift in shifts.get(line.facility_id, []):
                start = dt.datetime.combine(day, shift.start_time, zone)
                end_day = day + dt.timedelta(days=1) if shift.end_time <= shift.start_time else day
                end = dt.datetime.combine(end_day, shift.end_time, zone)
                start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
                hours = (end_utc - start_utc).total_seconds() / 3600
                units = capacity.get((line.pk, shift.pk), 0)
                out.append(engine.Window(line.code, shift.name, start_utc, end_utc, units / hours if hours else 0))
        day += dt.timedelta(days=1)
    return out


def produced(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime, by_machine: bool = False
             ) -> list[tuple]:
    """(line code, POSIX seconds, units) of OUT movements, minus the corrections that reverse an OUT; with
    ``by_machine`` only movements recorded against a machine, its code following the line code."""
    from production.models import Movement

    period = Movement.objects.filter(line__in=[line.pk for line in lines], at__gte=start, at__lt=end)
    keys = ("line__code",)
    if by_machine:
        period, keys = period.filter(machine__isnull=False), ("line__code", "machine__code")
    outs = period.filter(direction=Movement.Direction.OUT).exclude(kind=Movement.Kind.CORRECTION)
    counts = cursor_rows(outs.order_by("line_id", "at").values_list(*keys, Epoch("at"), "quantity"))
    undone = period.filter(direction=Movement.Direction.IN, kind=Movement.Kind.CORRECTION, reverses__direction="OUT")
    counts.extend((*row[:-1], -row[-1])
                  for row in cursor_rows(undone.order_by().values_list(*keys, Epoch("at"), "quantity")))
    return counts


def machine_counts(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime, field: str = "good",
                   by_machine: bool = False) -> list[tuple]:
    """(line code[, machine code], POSIX seconds, units) of the counts the machines reported themselves
    (``portal.MachineCount``, per minute; docs/machine-signals.md)."""
    from portal.models import MachineCount

    codes = {line.pk: line.code for line in lines}
    rows = (MachineCount.objects.filter(line_id_copy__in=list(codes), minute__gte=start, minute__lt=end,
                                        **{f"{field}__gt": 0}).order_by("line_id_copy", "minute"))
    if by_machine:
        return [(codes[line_id], machine, moment, units) for line_id, machine, moment, units in
                cursor_rows(rows.values_list("line_id_copy", "machine__code", Epoch("minute"), field))]
    return [(codes[line_id], moment, units) for line_id, moment, units in
            cursor_rows(rows.values_list("line_id_copy", Epoch("minute"), field))]


def output(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime, by_machine: bool = False
           ) -> tuple[list[tuple], set[str]]:
    """Output per line: its production movements; for a line that recorded none in the period, the good counts
    its machines reported (never both: the same parts would count twice). Returns the rows and the codes of the
    lines whose output came from the machines."""
    made = produced(lines, start, end, by_machine)
    reporting = {row[0] for row in made}
    silent = [line for line in lines if line.code not in reporting]
    counted = machine_counts(silent, start, end, "good", by_machine) if silent else []
    return [*made, *counted], {row[0] for row in counted}


def rejected(lines: Sequence[ProductionLine], start: dt.datetime, end: dt.datetime) -> list[engine.Count]:
    """Rejected units recorded by the quality module (its internal rejects that count: submitted or approved); for
    a line without any in the period, the rejects its machines reported."""
    codes = {line.pk: line.code for line in lines}
    counts = [engine.Count(codes[line_id], moment, units) for line_id, moment, units in
              rejected_units(list(codes), start, end)]
    recorded = {count.line for count in counts}
    silent = [line for line in lines if line.code not in recorded]
    if silent:
        counts.extend(engine.Count(*row) for row in machine_counts(silent, start, end, "reject"))
    return counts


MACHINES_NOTE = "output from the machines' own counts (no production movements recorded)"
ERP_NOTE = "output from ERP job completions (jobs closed that day, spread over its shifts by length)"
ERP_DOWN_NOTE = "no production movements, and the ERP could not be read for job completions"


def erp_completions(lines: Sequence[ProductionLine], first: dt.date, last: dt.date) -> dict[str, dict[dt.date, int]]:
    """Good quantity of the ERP jobs closed on each date ``first``..``last``, per line code, for lines mapped to an
    ERP work center (``erp_line_code``) in their facility (``erp_code``, else its code). Raises DatabaseError when
    the ERP cannot be read."""
    from erp.models import Job

    mapped = {((line.facility.erp_code or line.facility.code).upper(), line.erp_line_code.upper()): line.code
              for line in lines if line.erp_line_code}
    if not mapped:
        return {}
    out: dict[str, dict[dt.date, int]] = {}
    rows = (Job.objects.filter(line_code__in={code for _f, code in mapped}, closed_date__gte=first,
                               closed_date__lte=last, quantity_completed__gt=0)
            .values_list("facility", "line_code", "closed_date", "quantity_completed"))
    for facility, line_code, day, quantity in rows:
        code = mapped.get(((facility or "").upper(), (line_code or "").upper()))
        if code is not None:
            out.setdefault(code, {}).setdefault(day, 0)
            out[code][day] += int(quantity)
    return out


def spread_over_shifts(shift_windows: Sequence[engine.Window], zones: dict[str, dt.tzinfo],
                       per_day: dict[str, dict[dt.date, int]]) -> list[tuple[str, float, int]]:
    """A day's units over that day's shift windows of the line in proportion to their length (largest remainder,
    whole units), each placed at its window's middle: counts the engine reads like movements."""
    days: dict[tuple[str, dt.date], list[engine.Window]] = {}
    for w in shift_windows:
        if w.line in per_day:
            days.setdefault((w.line, local_date(w.start, zones[w.line])), []).append(w)
    counts = []
    for line, by_day in per_day.items():
        for day, units in by_day.items():
            chosen = days.get((line, day), [])
            total = sum((w.end - w.start).total_seconds() for w in chosen)
            if not chosen or not total:
                continue
            shares = [units * (w.end - w.start).total_seconds() / total for w in chosen]
            whole = [int(share) for share in shares]
            for i in sorted(range(len(chosen)), key=lambda i: whole[i] - shares[i])[:units - sum(whole)]:
                whole[i] += 1
            counts.extend((line, (w.start.timestamp() + w.end.timestamp()) / 2, n)
                          for w, n in zip(chosen, whole, strict=True) if n)
    return counts


def oee(lines: Iterable[ProductionLine], first: dt.date, last: dt.date, micro_stop_minutes: float = 2.0
        ) -> list[engine.Result]:
    """Per line and shift window over the plant-local dates ``first``..``last``. A line that recorded no
    production movement in the period takes its output from the ERP's job completions (noted on its results)."""
    from django.db import DatabaseError

    lines = list(lines)
    if not lines:
        return []
    shift_windows = windows(lines, first, last)
    if not shift_windows:
        return []
    start = min(w.start for w in shift_windows)
    end = max(w.end for w in shift_windows)
    made, from_machines = output(lines, start, end)
    reporting = {row[0] for row in made}
    silent = [line for line in lines if line.code not in reporting and line.erp_line_code]
    notes: dict[str, str] = dict.fromkeys(from_machines, MACHINES_NOTE)
    if silent:
        try:
            per_day = erp_completions(silent, first, last)
        except DatabaseError:  # the ERP is down: the portal's own figures still stand
            per_day = {}
            notes.update({line.code: ERP_DOWN_NOTE for line in silent})
        made = [*made, *spread_over_shifts(shift_windows, {line.code: line.facility.tzinfo for line in silent},
                                           per_day)]
        notes.update(dict.fromkeys(per_day, ERP_NOTE))
    results = engine.compute(shift_windows, stop_rows(lines, start, end), made, rejected(lines, start, end),
                             micro_stop_minutes=micro_stop_minutes)
    for result in results:
        if result.line in notes:
            result.notes.append(notes[result.line])
    return results


MACHINE_SEPARATOR = " / "


def machine_key(line_code: str, machine_code: str) -> str:
    """The engine's key (and the report's label) of one machine of a line: ``L1 / M-02``."""
    return f"{line_code}{MACHINE_SEPARATOR}{machine_code}"


def line_of(key: str) -> str:
    """The line code of a line key or a machine key."""
    return key.split(MACHINE_SEPARATOR, 1)[0]


def machine_oee(lines: Iterable[ProductionLine], first: dt.date, last: dt.date, micro_stop_minutes: float = 2.0
                ) -> list[engine.Result]:
    """Per machine and shift window over the plant-local dates ``first``..``last``, for the machines of ``lines``
    that have their own stops, output or rejects in the period (results keyed ``machine_key(line, machine)``)."""
    from portal.models import Machine

    lines = list(lines)
    shift_windows = windows(lines, first, last) if lines else []
    if not shift_windows:
        return []
    start = min(w.start for w in shift_windows)
    end = max(w.end for w in shift_windows)
    line_ids = [line.pk for line in lines]
    stopped = stop_rows(lines, start, end, by_machine=True)
    made, _from_machines = output(lines, start, end, by_machine=True)
    codes = {line.pk: line.code for line in lines}
    machine_codes = dict(Machine.objects.filter(line__in=line_ids).values_list("pk", "code"))
    bad = [(codes[line_id], machine_codes[machine_id], moment, units)
           for line_id, machine_id, moment, units in rejected_units_by_machine(line_ids, start, end)]
    inspected = {row[0] for row in bad}
    silent = [line for line in lines if line.code not in inspected]
    if silent:  # rejects the machines counted, for lines whose inspectors recorded none
        bad.extend(machine_counts(silent, start, end, "reject", by_machine=True))

    machines: dict[str, list[str]] = {}  # line code -> keys of its machines with data
    for line, machine, *_rest in [*stopped, *made, *bad]:
        if machine and machine_key(line, machine) not in machines.setdefault(line, []):
            machines[line].append(machine_key(line, machine))
    if not machines:
        return []
    keyed_windows = [w._replace(line=key) for w in shift_windows for key in sorted(machines.get(w.line, []))]
    keyed_stops = []
    for line, machine, s, e, is_planned in stopped:
        for key in ([machine_key(line, machine)] if machine else machines.get(line, [])):
            keyed_stops.append((key, s, e, is_planned))
    return engine.compute(keyed_windows, keyed_stops,
                          [(machine_key(line, machine), at, units) for line, machine, at, units in made],
                          [(machine_key(line, machine), at, units) for line, machine, at, units in bad],
                          micro_stop_minutes=micro_stop_minutes)
