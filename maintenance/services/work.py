"""The technician's work on a ticket: labour sessions opened by start and closed by pause/finish, parts, checklist.

``on_start``/``close_labour``/``on_finish`` run inside ``apply_transition`` (row locked); the rest are called by
views, the API and the phone's offline queue.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance.models import ChecklistItem, LabourEntry, PartUsed, Ticket, TicketPhoto
from portal.photos import validate_photo


def on_start(ticket: Ticket, user) -> None:
    now = timezone.now()
    if ticket.assigned_to_id is None:
        ticket.assigned_to = user
    if ticket.responded_at is None:
        ticket.responded_at = now
    ticket.hold_reason = ""
    if not ticket.labour.filter(ended_at__isnull=True, technician=user).exists():
        LabourEntry.objects.create(ticket=ticket, technician=user, started_at=now)


def _minutes(start, end) -> int:
    return max(0, math.ceil((end - start).total_seconds() / 60))


def close_labour(ticket: Ticket) -> None:
    """End every open labour session of the ticket now and refresh its labour total."""
    now = timezone.now()
    for entry in ticket.labour.filter(ended_at__isnull=True):
        entry.ended_at = now
        entry.minutes = _minutes(entry.started_at, now)
        entry.save(update_fields=["ended_at", "minutes"])
    refresh_labour(ticket)


def refresh_labour(ticket: Ticket) -> None:
    ticket.labour_minutes = ticket.labour.aggregate(total=Sum("minutes"))["total"] or 0


def on_finish(ticket: Ticket, user) -> None:
    close_labour(ticket)
    now = timezone.now()
    ticket.finished_at = now
    ticket.repair_minutes = _minutes(ticket.opened_at, now)
    if ticket.plan_id:
        plan = ticket.plan
        if plan.last_completed_at is None or plan.last_completed_at < now:
            plan.last_completed_at = now
            plan.save(update_fields=["last_completed_at", "updated_at"])


# The ticket workflow's hooks (maintenance/models/tickets.py names them by their path).

def start_hook(ticket: Ticket, user, fields) -> None:
    on_start(ticket, user)


def pause_hook(ticket: Ticket, user, fields) -> None:
    close_labour(ticket)


def finish_hook(ticket: Ticket, user, fields) -> None:
    on_finish(ticket, user)


def parse_quantity(value) -> Decimal:
    try:
        quantity = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"quantity": _("Enter the quantity as a number, e.g. 2 or 0.5.")}) from None
    if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("100000000"):
        raise ValidationError({"quantity": _("The quantity must be more than 0.")})
    return quantity.quantize(Decimal("0.01"))


@transaction.atomic
def add_part(ticket: Ticket, user, part_number: str, quantity, description: str = "") -> PartUsed:
    part_number = (part_number or "").strip()
    if not part_number:
        raise ValidationError({"part_number": _("Enter the part number.")})
    if len(part_number) > 40:
        raise ValidationError({"part_number": _("A part number has at most 40 characters.")})
    return PartUsed.objects.create(ticket=ticket, part_number=part_number, quantity=parse_quantity(quantity),
                                   description=(description or "").strip()[:200], added_by=user)


@transaction.atomic
def add_labour(ticket: Ticket, user, minutes, note: str = "") -> LabourEntry:
    """Minutes of work entered by hand (a helper's time, work before the ticket existed)."""
    try:
        minutes = int(str(minutes).strip())
    except (TypeError, ValueError):
        raise ValidationError({"minutes": _("Enter the labour as whole minutes.")}) from None
    if minutes <= 0 or minutes > 24 * 60:
        raise ValidationError({"minutes": _("Labour must be between 1 and 1440 minutes.")})
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    now = timezone.now()
    entry = LabourEntry.objects.create(ticket=locked, technician=user, started_at=now, ended_at=now,
                                       minutes=minutes, note=(note or "").strip()[:200])
    refresh_labour(locked)
    locked.save(update_fields=["labour_minutes"])
    return entry


@transaction.atomic
def tick_step(item: ChecklistItem, user, done: bool = True, note: str = "") -> ChecklistItem:
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if done and item.done_at is None:
        item.done_by, item.done_at = user, timezone.now()
    elif not done:
        item.done_by, item.done_at = None, None
    if note:
        item.note = note.strip()[:200]
    item.save()
    return item


def add_photo(ticket: Ticket, user, upload, caption: str = "") -> TicketPhoto:
    """A photo of the ticket, checked by content (JPEG/PNG/WebP, at most PHOTO_MAX_MB): a bad file saves nothing."""
    validate_photo(upload)
    return TicketPhoto.objects.create(ticket=ticket, image=upload, caption=(caption or "").strip()[:200],
                                      uploaded_by=user)
