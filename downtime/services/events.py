"""Recording, changing and deleting downtime events: every rule of the entry page, the API and the offline queue.

Views and serializers parse input and call these; nothing else writes ``DowntimeEvent``. Every write goes through
the portal's one receiver (``portal.commands.receive``, docs/floor-writes.md), command kind ``downtime.event``:
who may write it first (the line is one the writer works on, ``require_line``; a change or a deletion is the
recorder's own or made by a downtime admin, audited when acting for someone else), then the idempotency key scoped
to the writer, then the rules below and the write in one transaction.

Rules (messages are shown to the operator as they are):

* end after start; both within the floor's time window (``check_floor_time``: not in the future beyond the
  clock skew, not further back than the back-entry window, year 1 refused with a message);
* a duration over ``LONG_EVENT`` or an overlap with another event of the same line is allowed only with an
  explicit confirmation (``confirm_long`` / ``confirm_overlap``), otherwise ``NeedsConfirmation`` (409) is raised;
* crew size a whole number >= 0, and 0 only for a category that allows it (``allows_no_crew``); a crew above the
  line's usual crew (``PLAUSIBLE_MARGIN_PERCENT`` over it) is confirmed (``confirm_quantity``), one far above it
  refused (portal/services/plausibility.py); every confirmation given is audited on the event;
  the category active and a leaf;
* the shift is detected from the facility's shifts at the start (overnight included) unless one is given;
* an optional ERP job must be an open job of the line's work center; its part is copied onto the event;
* a repeated ``idempotency_key`` of the same writer with the same entry answers the event already recorded with
  it; with another entry it is refused (409, ``key_reused``); another writer's key is another event.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from downtime.models import Category, DowntimeEvent
from portal.audit import audit_acting_for
from portal.commands import Conflict, Invalid, NeedsConfirmation, NotFound, receive
from portal.models import Machine, ProductionLine, Shift
from portal.services.floortime import check_floor_time
from portal.services.localtime import format_local, local_date
from portal.services.machines import check_machine_on_line
from portal.services.plausibility import Basis, Confirmations, check_quantity
from portal.services.scoping import require_line, require_owner
from portal.services.shifts import occurrence_of, shift_at

log = logging.getLogger(__name__)

KIND = "downtime.event"  # the command kind of every downtime write (portal/commands.py)
LONG_EVENT = dt.timedelta(hours=12)
MANAGE_ANY = "downtime.change_downtimeevent"  # admins edit and delete every entry, operators their own


@dataclass(frozen=True)
class EventInput:
    line: ProductionLine
    start: dt.datetime
    end: dt.datetime
    category: Category
    crew_size: int = 0
    job_number: str = ""
    shift: Shift | None = None  # None: detected from the start time
    comments: str = ""
    machine: Machine | None = None  # the line's machine that stopped; None: the whole line
    confirm_long: bool = False
    confirm_overlap: bool = False
    detected: bool = False  # from the machine's signals (downtime/services/detected.py), not typed
    confirm_quantity: bool = False  # a crew well above the line's usual crew (portal/services/plausibility.py)


@dataclass(frozen=True)
class Recorded:
    event: DowntimeEvent
    created: bool  # False: the writer's idempotency key was already used, this is the event recorded then


def can_manage(user, event: DowntimeEvent) -> bool:
    return event.created_by_id == user.pk or user.has_perm(MANAGE_ANY)


def allows_no_crew(category: Category) -> bool:
    """A crew of 0 is accepted for a category flagged so, or one under a flagged category (any level up)."""
    return category.inherits("allows_no_crew")


def production_date_for(shift: Shift | None, line: ProductionLine, start: dt.datetime) -> dt.date:
    """The production date of an event starting at ``start``: the start date of its shift's run."""
    if shift is not None:
        occurrence = occurrence_of(shift, start)
        if occurrence:
            return occurrence.production_date
        # An overridden shift that does not cover the start (an event just after the shift ended, say):
        # the date of that shift's nearest run.
        tz = line.facility.tzinfo
        day = local_date(start, line.facility)

        def distance(run_date: dt.date) -> dt.timedelta:
            run_start = dt.datetime.combine(run_date, shift.start_time, tzinfo=tz)
            run_end = run_start + shift.duration
            return max(run_start - start, start - run_end, dt.timedelta(0))

        return min((day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)), key=distance)
    return local_date(start, line.facility)


def detect_shift(line: ProductionLine, start: dt.datetime) -> tuple[Shift | None, dt.date]:
    occurrence = shift_at(line.facility, start)
    if occurrence:
        return occurrence.shift, occurrence.production_date
    return None, production_date_for(None, line, start)


def overlapping_events(line: ProductionLine, start: dt.datetime, end: dt.datetime,
                       exclude_pk: int | None = None) -> list[DowntimeEvent]:
    events = DowntimeEvent.objects.filter(line=line, start__lt=end, end__gt=start).select_related("category")
    if exclude_pk:
        events = events.exclude(pk=exclude_pk)
    return list(events.order_by("start")[:5])


def _job_snapshot(line: ProductionLine, job_number: str) -> tuple[str, str]:
    """(part number, description) of an open ERP job of the line; ValidationError when it is not one."""
    from erp.models import Job

    try:
        job = (Job.objects.open().filter(job_number=job_number, line_code=line.erp_line_code)
               .select_related("part").first())
    except DatabaseError:  # ERP unreachable: keep the number the operator typed, without the part
        log.warning("ERP unreachable: downtime job %s recorded without its part", job_number)
        return "", ""
    if job is None:
        raise ValidationError({"job_number": _("Job %(job)s is not an open job of line %(line)s.")
                               % {"job": job_number, "line": line.code}})
    return job.part_id, (job.part.description if job.part else "")[:200]


# A line without a usual crew: a stop idling more people than this is asked about.
CREW_WITHOUT_CONTEXT = 20


def crew_basis(line: ProductionLine) -> Basis:
    if line.usual_crew:
        return Basis(line.usual_crew, _("line %(line)s usually runs with %(crew)s people")
                     % {"line": line.code, "crew": line.usual_crew})
    return Basis(CREW_WITHOUT_CONTEXT, _("a line's crew is seldom more than %(crew)s people")
                 % {"crew": CREW_WITHOUT_CONTEXT})


def _check(data: EventInput, exclude_pk: int | None = None) -> tuple[Shift | None, dt.date, Confirmations]:
    """Validate ``data``; returns the shift, production date and the confirmations given (to audit). Raises
    ValidationError or NeedsConfirmation.
    The writer's scope was checked before, by ``receive``'s ``authorize``."""
    errors: dict[str, str] = {}
    line = data.line
    now = timezone.now()
    for name in ("start", "end"):
        try:
            check_floor_time(getattr(data, name), field=name, now=now)
        except Invalid as exc:
            errors.update({field: " ".join(messages) for field, messages in exc.errors.items()})
    if errors:
        raise ValidationError(errors)
    if data.end <= data.start:
        errors["end"] = _("The end must be after the start.")
    if isinstance(data.crew_size, bool) or not isinstance(data.crew_size, int) or data.crew_size < 0:
        errors["crew_size"] = _("Crew size must be a whole number, 0 or more.")
    category = data.category
    if not category.active_in_tree():
        errors["category"] = _("The category “%(name)s” is no longer active.") % {"name": category}
    elif category.children.filter(active=True).exists():
        errors["category"] = _("Pick a sub-category of “%(name)s”.") % {"name": category}
    if "crew_size" not in errors and "category" not in errors and data.crew_size == 0 and not allows_no_crew(category):
        errors["crew_size"] = _("Enter how many people the stop idled: “%(name)s” needs a crew of 1 or more.") % {
            "name": category}
    if data.shift is not None and (data.shift.facility_id != line.facility_id or not data.shift.active):
        errors["shift"] = _("Pick an active shift of the line's facility.")
    try:
        check_machine_on_line(data.machine, line)  # active machines of the line only
    except ValidationError as exc:
        errors.update({field: " ".join(messages) for field, messages in exc.message_dict.items()})
    confirmations = Confirmations.of({"confirm_long": data.confirm_long, "confirm_overlap": data.confirm_overlap,
                                      "confirm_quantity": data.confirm_quantity})
    if "crew_size" not in errors and data.crew_size > 0:
        try:
            check_quantity(data.crew_size, [crew_basis(line)], confirmations, field="crew_size", noun=_("people"))
        except Invalid as exc:
            errors.update({field: " ".join(messages) for field, messages in exc.errors.items()})
    if errors:
        raise ValidationError(errors)

    warnings: dict[str, str] = dict(confirmations.asked)
    duration = data.end - data.start
    if duration > LONG_EVENT:
        hours = duration.total_seconds() / 3600
        confirmations.ask("confirm_long", _("This stop lasts %(hours).1f hours. Is that right?") % {"hours": hours})
    overlapping = overlapping_events(line, data.start, data.end, exclude_pk)
    if overlapping:
        times = ", ".join(
            f"{format_local(e.start, line.facility, 'H:i', label=False)}–"
            f"{format_local(e.end, line.facility, 'H:i', label=False)} {e.category}" for e in overlapping
        )
        confirmations.ask("confirm_overlap", _("This overlaps another stop of the line: %(events)s. Record it "
                                               "anyway?") % {"events": times})
    warnings.update(confirmations.asked)
    if warnings:
        raise NeedsConfirmation(warnings)

    if data.shift is not None:
        return data.shift, production_date_for(data.shift, line, data.start), confirmations
    return (*detect_shift(line, data.start), confirmations)


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, round((end - start).total_seconds() / 60))


def _apply(event: DowntimeEvent, data: EventInput, shift: Shift | None, production_date: dt.date) -> None:
    job_number = data.job_number.strip()
    part_number, description = _job_snapshot(data.line, job_number) if job_number else ("", "")
    if job_number and job_number == event.job_number and not part_number:
        part_number, description = event.part_number, event.part_description  # ERP down: keep the old snapshot
    event.facility_id = data.line.facility_id
    event.line = data.line
    event.start = data.start
    event.end = data.end
    event.duration_minutes = _minutes(data.start, data.end)
    event.crew_size = data.crew_size
    event.category = data.category
    event.job_number = job_number
    event.part_number = part_number
    event.part_description = description
    event.shift = shift
    event.machine = data.machine
    event.production_date = production_date
    event.comments = data.comments.strip()
    event.detected = event.detected or data.detected  # a machine's stop stays one when a person completes it


def _truncate(data: EventInput) -> EventInput:
    # Seconds carry no meaning on the floor; whole minutes keep durations and overlaps exact.
    return replace(data, start=data.start.replace(second=0, microsecond=0),
                   end=data.end.replace(second=0, microsecond=0))


def _payload(data: EventInput) -> dict:
    """What an entry says, compared when its key comes again (the confirmations are not part of it: a replay of
    the confirmed entry is the same entry)."""
    return {"line": data.line, "start": data.start, "end": data.end, "category": data.category,
            "crew_size": data.crew_size, "job_number": data.job_number.strip(), "shift": data.shift,
            "comments": data.comments.strip(), "machine": data.machine, "detected": data.detected}


def _authorize_change(user, event: DowntimeEvent, message: str) -> bool:
    """Only the recorder, or a downtime admin acting for them, changes an entry, and only on a line the writer
    works on. True when acting for someone else (audited)."""
    acting_for = require_owner(user, event.created_by_id, act_for=MANAGE_ANY, message=message)
    require_line(user, event.line)
    return acting_for


def record_event(user, data: EventInput, idempotency_key: uuid.UUID | None = None) -> Recorded:
    """Record a downtime event (exactly once per writer and idempotency key)."""
    data = _truncate(data)

    def perform() -> DowntimeEvent:
        key = idempotency_key or uuid.uuid4()
        if idempotency_key and DowntimeEvent.objects.filter(created_by=user, idempotency_key=key).exists():
            # Recorded before the portal kept the keys of floor writes (portal.CommandKey): its payload is unknown,
            # so it is neither answered as a replay nor recorded a second time.
            raise Conflict(_("This entry was already recorded; it is not recorded again."), field="idempotency_key")
        waiting = None if data.detected or not _plausible_times(data) else _waiting_detected_stop(data)
        if waiting is not None:
            # The machine already reported this stop: the entry gives it its reason instead of counting it twice.
            _check(data, exclude_pk=waiting.pk)
            return _complete_detected(user, waiting, data)
        shift, production_date, confirmations = _check(data)
        event = DowntimeEvent(idempotency_key=key, created_by=user)
        _apply(event, data, shift, production_date)
        event.save()
        confirmations.audit(event, user)
        _notify(event)
        _link_maintenance(event)
        return event

    received = receive(KIND, user=user, key=idempotency_key, payload=_payload(data),
                       authorize=lambda: require_line(user, data.line), perform=perform)
    return Recorded(received.record, created=received.created)


def _plausible_times(data: EventInput) -> bool:
    """Times the floor accepts (``_check`` words the refusal of the others)."""
    try:
        check_floor_time(data.start, field="start")
        check_floor_time(data.end, field="end")
    except Invalid:
        return False
    return data.end > data.start


def _waiting_detected_stop(data: EventInput) -> DowntimeEvent | None:
    """A machine-detected stop still waiting for its reason that the manual entry overlaps: of the same machine, or
    of any machine of the line when the entry is for the whole line."""
    from downtime.models import WAITING_CODE

    events = DowntimeEvent.objects.filter(line=data.line, detected=True, category__code=WAITING_CODE,
                                          start__lt=data.end, end__gt=data.start)
    if data.machine is not None:
        events = events.filter(machine=data.machine)
    return events.select_for_update(of=("self",)).order_by("start", "pk").first()


def _complete_detected(user, event: DowntimeEvent, data: EventInput) -> DowntimeEvent:
    """A person's entry merged into the machine's stop: the machine's times stay, the person's reason, crew, job
    and comments are taken."""
    merged = replace(data, start=event.start, end=event.end, machine=event.machine, detected=True)
    shift, production_date, _asked = _check(replace(merged, confirm_long=True, confirm_overlap=True),
                                            exclude_pk=event.pk)
    _apply(event, merged, shift, production_date)
    event.updated_by = user
    event.save()
    audit_acting_for(event, user, event.created_by, "gave the machine-detected stop its reason")
    _notify(event)
    _link_maintenance(event)
    return event


def update_event(user, event: DowntimeEvent, data: EventInput) -> DowntimeEvent:
    data = _truncate(data)
    acting_for = []

    def authorize() -> None:
        acting_for.append(_authorize_change(user, event, _("You can change only the entries you recorded.")))
        require_line(user, data.line)

    def perform() -> DowntimeEvent:
        # locked for the change, and never saved back into existence after someone deleted it
        if DowntimeEvent.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).first() is None:
            raise NotFound(_("This entry has been deleted."))
        shift, production_date, confirmations = _check(data, exclude_pk=event.pk)
        _apply(event, data, shift, production_date)
        event.updated_by = user
        event.save()
        confirmations.audit(event, user)
        if acting_for[0]:
            audit_acting_for(event, user, event.created_by, "changed the downtime entry")
        _notify(event)
        _link_maintenance(event)
        return event

    receive(KIND, user=user, key=None, payload={"event": event.pk, **_payload(data)}, authorize=authorize,
            perform=perform)
    return event


def delete_event(user, event: DowntimeEvent) -> None:
    acting_for = []

    def authorize() -> None:
        acting_for.append(_authorize_change(user, event, _("You can delete only the entries you recorded.")))

    def perform() -> None:
        if acting_for[0]:
            audit_acting_for(event, user, event.created_by, "deleted the downtime entry")
        event.delete()

    receive(KIND, user=user, key=None, payload={"delete": event.pk}, authorize=authorize, perform=perform)


def _link_maintenance(event: DowntimeEvent) -> None:
    """A stop of a category flagged "opens a maintenance ticket" opens or joins the line's ticket (maintenance
    owns the rule: never two open tickets for one line's stops)."""
    from maintenance.services.downtime_link import link_downtime_event

    link_downtime_event(event)


def _notify(event: DowntimeEvent) -> None:
    """An event of a notify-flag category tells the category's audience (one notification per event)."""
    category = event.category
    flagged = category.nearest_flagged("notify")  # the closest flagged category up the tree tells its groups
    if flagged is None:
        return
    groups = list(flagged.notify_groups.all())
    if not groups:
        return
    from notifications import services as notifications

    notifications.raise_notification(
        "downtime.event", event,
        title=_("Downtime on %(line)s: %(category)s") % {"line": event.line.code, "category": category},
        body=_("%(start)s, %(minutes)d min, crew %(crew)d. %(comments)s") % {
            "start": format_local(event.start, event.line.facility, "Y-m-d H:i"),  # the plant's time, labelled
            "minutes": event.duration_minutes, "crew": event.crew_size, "comments": event.comments},
        url=reverse("downtime:entry") + f"?line={event.line_id}",
        level="warning", groups=groups,
    )
