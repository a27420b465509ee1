"""Recording, changing and deleting downtime events: every rule of the entry page, the API and the offline queue.

Views and serializers parse input and call these; nothing else writes ``DowntimeEvent``.

Rules (messages are shown to the operator as they are):

* end after start; neither in the future beyond ``FUTURE_TOLERANCE`` (tablet clocks drift);
* a duration over ``LONG_EVENT`` or an overlap with another event of the same line is allowed only with an
  explicit confirmation (``confirm_long`` / ``confirm_overlap``), otherwise ``NeedsConfirmation`` is raised;
* crew size a whole number >= 0, and 0 only for a category that allows it (``allows_no_crew``);
  the category active and a leaf; the line one the user works on;
* the shift is detected from the facility's shifts at the start (overnight included) unless one is given;
* an optional ERP job must be an open job of the line's work center; its part is copied onto the event;
* a repeated ``idempotency_key`` returns the event already recorded with it, whatever the rest of the post.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from downtime.models import Category, DowntimeEvent
from portal.models import Machine, ProductionLine, Shift
from portal.services.localtime import format_local
from portal.services.scoping import lines_for
from portal.services.shifts import occurrence_of, shift_at

log = logging.getLogger(__name__)

FUTURE_TOLERANCE = dt.timedelta(minutes=5)
LONG_EVENT = dt.timedelta(hours=12)
MANAGE_ANY = "downtime.change_downtimeevent"  # admins edit and delete every entry, operators their own


class NeedsConfirmation(Exception):
    """The event is valid but unusual; it is saved only when the caller confirms each warning.

    ``warnings`` maps the confirmation flag (``confirm_long``, ``confirm_overlap``) to a message.
    """

    def __init__(self, warnings: dict[str, str], overlapping: list[DowntimeEvent] | None = None):
        self.warnings = warnings
        self.overlapping = overlapping or []
        super().__init__("; ".join(warnings.values()))


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


@dataclass(frozen=True)
class Recorded:
    event: DowntimeEvent
    created: bool  # False: the idempotency key was already used, this is the event recorded then


def can_manage(user, event: DowntimeEvent) -> bool:
    return event.created_by_id == user.pk or user.has_perm(MANAGE_ANY)


def allows_no_crew(category: Category) -> bool:
    """A crew of 0 is accepted for a category flagged so, or a sub-category of a flagged main one."""
    return category.allows_no_crew or bool(category.parent_id and category.parent.allows_no_crew)


def production_date_for(shift: Shift | None, line: ProductionLine, start: dt.datetime) -> dt.date:
    """The production date of an event starting at ``start``: the start date of its shift's run."""
    if shift is not None:
        occurrence = occurrence_of(shift, start)
        if occurrence:
            return occurrence.production_date
        # An overridden shift that does not cover the start (an event just after the shift ended, say):
        # the date of that shift's nearest run.
        tz = line.facility.tzinfo
        day = timezone.localtime(start, tz).date()

        def distance(run_date: dt.date) -> dt.timedelta:
            run_start = dt.datetime.combine(run_date, shift.start_time, tzinfo=tz)
            run_end = run_start + shift.duration
            return max(run_start - start, start - run_end, dt.timedelta(0))

        return min((day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)), key=distance)
    return timezone.localtime(start, line.facility.tzinfo).date()


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


def _check(user, data: EventInput, exclude_pk: int | None = None) -> tuple[Shift | None, dt.date]:
    """Validate ``data``; returns the shift and production date. Raises ValidationError or NeedsConfirmation."""
    errors: dict[str, str] = {}
    line = data.line
    if not line.active or not lines_for(user).filter(pk=line.pk).exists():
        errors["line"] = _("You cannot record downtime on this line.")
    for name in ("start", "end"):
        value = getattr(data, name)
        if timezone.is_naive(value):
            errors[name] = _("The time must include its time zone.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if data.end <= data.start:
        errors["end"] = _("The end must be after the start.")
    if data.start > now + FUTURE_TOLERANCE:
        errors["start"] = _("The start cannot be in the future.")
    if data.end > now + FUTURE_TOLERANCE:
        errors["end"] = _("The end cannot be in the future.")
    if isinstance(data.crew_size, bool) or not isinstance(data.crew_size, int) or data.crew_size < 0:
        errors["crew_size"] = _("Crew size must be a whole number, 0 or more.")
    category = data.category
    if not category.active or (category.parent_id and not category.parent.active):
        errors["category"] = _("The category “%(name)s” is no longer active.") % {"name": category}
    elif category.children.filter(active=True).exists():
        errors["category"] = _("Pick a sub-category of “%(name)s”.") % {"name": category}
    if "crew_size" not in errors and "category" not in errors and data.crew_size == 0 and not allows_no_crew(category):
        errors["crew_size"] = _("Enter how many people the stop idled: “%(name)s” needs a crew of 1 or more.") % {
            "name": category}
    if data.shift is not None and (data.shift.facility_id != line.facility_id or not data.shift.active):
        errors["shift"] = _("Pick an active shift of the line's facility.")
    if data.machine is not None and (data.machine.line_id != line.pk or not data.machine.active):
        errors["machine"] = _("%(machine)s is not a machine of line %(line)s.") % {"machine": data.machine.code,
                                                                                   "line": line.code}
    if errors:
        raise ValidationError(errors)

    warnings: dict[str, str] = {}
    duration = data.end - data.start
    if duration > LONG_EVENT and not data.confirm_long:
        hours = duration.total_seconds() / 3600
        warnings["confirm_long"] = _("This stop lasts %(hours).1f hours. Is that right?") % {"hours": hours}
    overlapping = [] if data.confirm_overlap else overlapping_events(line, data.start, data.end, exclude_pk)
    if overlapping:
        times = ", ".join(
            f"{timezone.localtime(e.start, line.facility.tzinfo):%H:%M}–"
            f"{timezone.localtime(e.end, line.facility.tzinfo):%H:%M} {e.category}" for e in overlapping
        )
        warnings["confirm_overlap"] = _("This overlaps another stop of the line: %(events)s. Record it anyway?") % {
            "events": times}
    if warnings:
        raise NeedsConfirmation(warnings, overlapping)

    if data.shift is not None:
        return data.shift, production_date_for(data.shift, line, data.start)
    return detect_shift(line, data.start)


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


def _truncate(data: EventInput) -> EventInput:
    # Seconds carry no meaning on the floor; whole minutes keep durations and overlaps exact.
    from dataclasses import replace

    return replace(data, start=data.start.replace(second=0, microsecond=0),
                   end=data.end.replace(second=0, microsecond=0))


def record_event(user, data: EventInput, idempotency_key: uuid.UUID | None = None) -> Recorded:
    """Record a downtime event (exactly once per idempotency key)."""
    key = idempotency_key or uuid.uuid4()
    existing = DowntimeEvent.objects.filter(idempotency_key=key).first()
    if existing:
        return Recorded(existing, created=False)
    data = _truncate(data)
    shift, production_date = _check(user, data)
    event = DowntimeEvent(idempotency_key=key, created_by=user)
    _apply(event, data, shift, production_date)
    try:
        with transaction.atomic():
            event.save()
            _notify(event)
            _link_maintenance(event)
    except IntegrityError:
        # Two deliveries of the same queued entry raced: the other one won, return its event.
        existing = DowntimeEvent.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return Recorded(existing, created=False)
    return Recorded(event, created=True)


def update_event(user, event: DowntimeEvent, data: EventInput) -> DowntimeEvent:
    if not can_manage(user, event):
        raise ValidationError(_("You can change only the entries you recorded."))
    data = _truncate(data)
    shift, production_date = _check(user, data, exclude_pk=event.pk)
    _apply(event, data, shift, production_date)
    event.updated_by = user
    with transaction.atomic():
        event.save()
        _notify(event)
        _link_maintenance(event)
    return event


def delete_event(user, event: DowntimeEvent) -> None:
    if not can_manage(user, event):
        raise ValidationError(_("You can delete only the entries you recorded."))
    event.delete()


def _link_maintenance(event: DowntimeEvent) -> None:
    """A stop of a category flagged "opens a maintenance ticket" opens or joins the line's ticket (maintenance
    owns the rule: never two open tickets for one line's stops)."""
    from maintenance.services.downtime_link import link_downtime_event

    link_downtime_event(event)


def _notify(event: DowntimeEvent) -> None:
    """An event of a notify-flag category tells the category's audience (one notification per event)."""
    category = event.category
    flagged = category if category.notify else (category.parent if category.parent_id else None)
    if flagged is None or not flagged.notify:
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
