"""Stops the machines detected themselves (docs/machine-signals.md): recorded through this app's write service,
waiting on the tablet for a reason, classified in two taps (or split between two reasons).

* ``record_detected_stop``: the core's listener hands over a ``portal.DetectedStop`` (settings
  ``MACHINE_SIGNAL_STOP_WRITER``). It becomes a downtime event of the machine with the controller's times (whole
  minutes: the start's minute to the end's next minute), marked ``detected``, recorded by the ``machine-signals``
  writer with a key of the detected stop (exactly once). The reason is the one the admin mapped to its fault code
  (``FaultReason``: the line's mapping, else the facility's), otherwise "Waiting for a reason". A person's stop of
  the same machine (or of the whole line) that it overlaps is completed instead: the earliest start and latest end,
  the person's reason; never two events for one stop.
* ``waiting_stops``: the stops of the user's lines waiting for a reason, oldest first.
* ``classify_stop``: the operator gives a waiting stop its reason, optionally splitting it at a moment into two
  reasons; through the floor-write receiver (kind ``downtime.event``), for anyone who works on the line.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from downtime.models import WAITING_CODE, Category, DowntimeEvent, FaultReason
from portal.commands import Conflict, Invalid, NotFound, receive
from portal.machine_signals.writer import machine_user
from portal.services.localtime import format_local
from portal.services.scoping import lines_for, require_line

from . import events as writes

NAMESPACE = uuid.UUID("5b1d6a52-36f0-4c51-9a0e-5e3c1f2d7a36")  # keys of detected stops: uuid5(NAMESPACE, "stop:<id>")
WAITING_NAME = gettext_lazy("Waiting for a reason")


def waiting_category() -> Category:
    category = Category.objects.mains().filter(code=WAITING_CODE).first()
    if category is None:
        category = Category.objects.create(
            code=WAITING_CODE, name="Waiting for a reason", name_es="Esperando un motivo", colour="#adb5bd",
            sort_order=999, allows_no_crew=True)
    elif not category.active:
        category.active = True
        category.save(update_fields=["active"])
    return category


def reason_for_fault(line, code: str) -> Category | None:
    if not code:
        return None
    rows = (FaultReason.objects.filter(facility_id=line.facility_id, code__iexact=code.strip(),
                                       category__active=True)
            .filter(Q(line=line) | Q(line__isnull=True)).select_related("category__parent"))
    best = min(rows, key=lambda row: row.line_id is None, default=None)  # the line's own mapping first
    return best.category if best is not None else None


def _minutes_around(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    first = start.replace(second=0, microsecond=0)
    last = end.replace(second=0, microsecond=0)
    if last < end or last <= first:
        last += dt.timedelta(minutes=1)
    return first, last


def record_detected_stop(stop) -> int:
    """Record ``stop`` (a ``portal.DetectedStop``) as a downtime event; returns its id. Idempotent per stop."""
    machine = stop.machine
    line = machine.line
    user = machine_user(writes.MANAGE_ANY)
    start, end = _minutes_around(stop.start, stop.end)
    covering = DowntimeEvent.objects.filter(line=line, detected=True, start__lte=start, end__gte=end).filter(
        Q(machine=machine) | Q(machine__isnull=True)).values_list("pk", flat=True).first()
    if covering is not None:
        return covering  # recorded (or merged) by an earlier run that stopped before marking the stop
    key = uuid.uuid5(NAMESPACE, f"stop:{stop.pk}")
    manual = (DowntimeEvent.objects.filter(line=line, detected=False, start__lt=end, end__gt=start)
              .filter(Q(machine=machine) | Q(machine__isnull=True)).select_related("category__parent", "shift")
              .order_by("start", "pk").first())
    if manual is not None:
        data = writes.EventInput(
            line=line, start=min(start, manual.start), end=max(end, manual.end), category=manual.category,
            crew_size=manual.crew_size, job_number=manual.job_number, shift=None, comments=manual.comments,
            machine=manual.machine, confirm_long=True, confirm_overlap=True, detected=True)
        writes.update_event(user, manual, data)
        return manual.pk
    category = reason_for_fault(line, stop.fault_code) or waiting_category()
    crew = line.usual_crew if category.code == WAITING_CODE or line.usual_crew else max(line.usual_crew, 1)
    comments = _("Fault %(code)s") % {"code": stop.fault_code} if stop.fault_code else ""
    data = writes.EventInput(line=line, start=start, end=end, category=category, crew_size=crew,
                             comments=comments, machine=machine, confirm_long=True, confirm_overlap=True,
                             detected=True)
    return writes.record_event(user, data, key).event.pk


def waiting_stops(user, line=None):
    events = DowntimeEvent.objects.filter(detected=True, category__code=WAITING_CODE,
                                          line__in=lines_for(user)).select_related("line__facility", "machine")
    if line is not None:
        events = events.filter(line=line)
    return events.order_by("start", "pk")


@dataclass(frozen=True)
class Classification:
    event: DowntimeEvent
    category: Category
    split_at: dt.datetime | None = None  # the second part's start, inside the stop
    second_category: Category | None = None


def _leaf_reason(category: Category | None, field: str) -> Category:
    if category is None:
        raise Invalid(_("Pick the reason of the stop."), field=field)
    if category.code == WAITING_CODE or not category.active_in_tree():
        raise Invalid(_("Pick an active reason."), field=field)
    if category.children.filter(active=True).exists():
        raise Invalid(_("Pick a sub-category of “%(name)s”.") % {"name": category}, field=field)
    return category


def classify_stop(user, choice: Classification, key=None) -> list[DowntimeEvent]:
    """Give a waiting machine stop its reason (two parts when ``split_at`` is given); returns the events."""
    event = choice.event

    def authorize() -> None:
        require_line(user, event.line)

    def perform() -> list[DowntimeEvent]:
        current = (DowntimeEvent.objects.select_for_update(of=("self",)).filter(pk=event.pk)
                   .select_related("category", "line__facility", "machine").first())
        if current is None:
            raise NotFound(_("This stop has been deleted."))
        if current.category.code != WAITING_CODE:
            raise Conflict(_("This stop already has its reason: %(reason)s.") % {"reason": current.category})
        first = _leaf_reason(choice.category, "category")
        line = current.line
        parts = [(current.start, current.end, first)]
        if choice.split_at is not None:
            second = _leaf_reason(choice.second_category, "second_category")
            at = choice.split_at.replace(second=0, microsecond=0)
            if not current.start < at < current.end:
                raise Invalid(_("Split the stop at a minute between %(start)s and %(end)s.") % {
                    "start": format_local(current.start, line.facility, "H:i"),
                    "end": format_local(current.end, line.facility, "H:i")}, field="split_at")
            parts = [(current.start, at, first), (at, current.end, second)]
        out = []
        for index, (start, end, category) in enumerate(parts):
            record = current if index == 0 else DowntimeEvent(
                idempotency_key=uuid.uuid4(), created_by_id=current.created_by_id, detected=True,
                facility_id=current.facility_id, line=line, machine=current.machine,
                shift=current.shift, production_date=current.production_date)
            crew = current.crew_size if current.crew_size or writes.allows_no_crew(category) else \
                max(line.usual_crew, 1)
            record.start, record.end, record.category, record.crew_size = start, end, category, crew
            record.duration_minutes = writes._minutes(start, end)
            if index:
                record.shift, record.production_date = writes.detect_shift(line, start)
            record.updated_by = user
            record.save()
            writes._notify(record)
            writes._link_maintenance(record)
            out.append(record)
        parts_written.extend(out)
        return out[0]

    parts_written: list[DowntimeEvent] = []
    payload = {"classify": event.pk, "category": choice.category, "split_at": choice.split_at,
               "second_category": choice.second_category}
    received = receive(writes.KIND, user=user, key=key, payload=payload, authorize=authorize, perform=perform)
    return parts_written if received.created else [received.record]
