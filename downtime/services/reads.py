"""What other apps read of downtime: the stops of lines (and machines) in a time window.

One rule for every reader (OEE, the andon board, preventive maintenance): a stop belongs to a window when it
overlaps it (``start < window end`` and ``end > window start``), and what it takes of the window is its part inside
(clipped). A stop recorded for the whole line (no machine) stops each of the line's machines; a machine's own stop
only that machine. Planned = its category or any category above it is flagged planned.

* ``stops``: the stops as ``Stop`` values, clipped to the window.
* ``stopped_minutes``: per line, the minutes of its stops inside the window.
* ``stop_rows``: the OEE engine's raw rows, fast (POSIX seconds straight from the cursor, see docs/oee.md): whole
  stops overlapping the window, since the engine clips them to each shift and tells a micro-stop by its whole
  length.
* ``last_stop``: the latest stop of a line begun by a moment (running or ended).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from downtime.models import Category, DowntimeEvent
from portal.services.fastrows import Epoch, cursor_rows


def planned() -> ExpressionWrapper:
    """Whether a stop is planned: its category or any category above it is flagged. The planned categories are
    read first (one query on the small configuration table), so the stops' scan compares an id to a short list."""
    ids = list(Category.objects.planned().values_list("pk", flat=True))
    return ExpressionWrapper(Q(category_id__in=ids), output_field=BooleanField())


@dataclass(frozen=True)
class Stop:
    line_id: int
    machine_id: int | None  # None: the whole line
    start: dt.datetime  # clipped to the window
    end: dt.datetime
    planned: bool

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


def _ids(items: Iterable) -> list[int]:
    return [getattr(item, "pk", item) for item in items]


def in_window(lines: Iterable, start: dt.datetime, end: dt.datetime, machine=None) -> QuerySet[DowntimeEvent]:
    """Stops of ``lines`` (objects or ids) overlapping [start, end); with ``machine``, those that stop it (its own
    and the whole line's)."""
    events = DowntimeEvent.objects.filter(line__in=_ids(lines), start__lt=end, end__gt=start)
    if machine is not None:
        events = events.filter(Q(machine=machine) | Q(machine__isnull=True))
    return events


def stops(lines: Iterable, start: dt.datetime, end: dt.datetime, machine=None) -> list[Stop]:
    """The stops in [start, end), each clipped to it, in (line, start) order."""
    rows = (in_window(lines, start, end, machine).order_by("line_id", "start", "pk")
            .values_list("line_id", "machine_id", "start", "end", planned()))
    return [Stop(line_id, machine_id, max(s, start), min(e, end), bool(is_planned))
            for line_id, machine_id, s, e, is_planned in rows]


def stopped_minutes(lines: Iterable, start: dt.datetime, end: dt.datetime, machine=None) -> dict[int, float]:
    """Per line id, the minutes of its stops inside [start, end) (each stop clipped to the window)."""
    out: dict[int, float] = {}
    for stop in stops(lines, start, end, machine):
        out[stop.line_id] = out.get(stop.line_id, 0.0) + stop.minutes
    return out


def stop_rows(lines: Iterable, start: dt.datetime, end: dt.datetime, by_machine: bool = False) -> list[tuple]:
    """One query: (line code, start, end in POSIX seconds, planned) per stop overlapping [start, end), whole, in
    (line, start) order; with ``by_machine`` the machine code (or None for the whole line) follows the line code."""
    keys = ("line__code", "machine__code") if by_machine else ("line__code",)
    return cursor_rows(in_window(lines, start, end).order_by("line_id", "start")
                       .values_list(*keys, Epoch("start"), Epoch("end"), planned()))


def last_stop(line, at: dt.datetime) -> DowntimeEvent | None:
    """The latest stop of ``line`` begun by ``at`` (still running at ``at`` when its end is later)."""
    return (DowntimeEvent.objects.filter(line=line, start__lte=at).select_related("category__parent")
            .order_by("-start").first())
