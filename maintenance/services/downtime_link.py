"""A stop of a downtime category flagged "opens a maintenance ticket" opens a ticket for the line's machine, or
joins the ticket already open for it: never two.

Called by downtime.services.events inside the transaction that saves the stop. Two guards: the line's row is
locked (SELECT ... FOR UPDATE) so two stops recorded at once for one line are handled one after the other, and a
partial unique index (one open downtime-opened ticket per line) refuses a second even if the lock were skipped.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maintenance.models import OPEN_STATES, DowntimeLink, Ticket
from portal.models import ProductionLine

from .tickets import open_ticket


def opens_ticket(category) -> bool:
    """The category, or any category above it, carries the flag."""
    return category.inherits("opens_maintenance_ticket")


def _open_ticket_for(line: ProductionLine, machine) -> Ticket | None:
    tickets = Ticket.objects.filter(line=line, state__in=OPEN_STATES, kind=Ticket.Kind.CORRECTIVE)
    downtime_opened = tickets.filter(source=Ticket.Source.DOWNTIME).order_by("opened_at").first()
    if downtime_opened:
        return downtime_opened
    if machine is not None:
        return tickets.filter(machine=machine).order_by("opened_at").first()
    return tickets.filter(machine__isnull=True).order_by("opened_at").first()


def line_machine(line: ProductionLine):
    """The line's machine when it has exactly one active machine; otherwise the ticket is for the line."""
    machines = list(line.machines.filter(active=True)[:2])
    return machines[0] if len(machines) == 1 else None


def link_downtime_event(event) -> DowntimeLink | None:
    """Open or join the line's ticket for ``event`` when its category is flagged. Returns the link (or None)."""
    if not opens_ticket(event.category):
        return None
    existing = DowntimeLink.objects.filter(event=event).select_related("ticket").first()
    if existing:
        return existing
    with transaction.atomic():
        line = ProductionLine.objects.select_for_update().get(pk=event.line_id)
        machine = event.machine or line_machine(line)  # the machine the operator named, else the line's only one
        ticket = _open_ticket_for(line, machine)
        opened = False
        if ticket is None:
            try:
                with transaction.atomic():
                    ticket, opened = open_ticket(
                        line=line, machine=machine, source=Ticket.Source.DOWNTIME, reported_by=event.created_by,
                        problem=_("Stop on %(line)s: %(category)s") % {"line": line.code, "category": event.category},
                        description=event.comments)
            except IntegrityError:  # the unique index caught a second one: join the first
                ticket = _open_ticket_for(line, machine)
                if ticket is None:
                    raise
        return DowntimeLink.objects.create(ticket=ticket, event=event, opened_ticket=opened)
