"""Changing the plan: schedule an order's stages, move or reallocate one stage. The server refuses a move that
would clash (another order on the same machine/line at once, a stage before its predecessor ends) with a sentence
for the planner; every change is audited (django-auditlog) and reallocations keep their justification."""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from portal.calendar.arithmetic import WorkingCalendar, add_working_time, working_time
from portal.calendar.store import calendar_for
from portal.models import Machine, ProductionLine

from ..engine import forward
from ..models import Operation, PlanningOrder, Reallocation, RoutingStage
from ..models.orders import OPEN_STATES
from .analysis import resource_key


class PlanRefused(Exception):
    """A planning change the server will not make; ``message`` tells the planner why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def order_units(order: PlanningOrder) -> int:
    return order.items.aggregate(total=Sum("quantity"))["total"] or 0


def stage_duration(units: int, rate_per_hour) -> dt.timedelta:
    """Working time a stage takes at its standard rate, rounded up to the minute."""
    minutes = math.ceil(units / float(rate_per_hour) * 60)
    return dt.timedelta(minutes=max(minutes, 1))


def _busy(line: ProductionLine, machine: Machine | None, exclude_order: int | None = None):
    rows = Operation.objects.filter(order__state__in=OPEN_STATES)
    rows = rows.filter(machine=machine) if machine else rows.filter(line=line, machine__isnull=True)
    if exclude_order:
        rows = rows.exclude(order_id=exclude_order)
    return rows


def timeline(calendar: WorkingCalendar, line: ProductionLine, machine: Machine | None, earliest: dt.datetime,
             exclude_order: int | None = None) -> forward.Timeline:
    """The resource's booked stages ending after ``earliest`` (the engine's timeline)."""
    return forward.Timeline.of(calendar, _busy(line, machine, exclude_order).filter(
        planned_end__gt=earliest).values_list("planned_start", "planned_end"))


def _candidates(order: PlanningOrder, stage: RoutingStage) -> list[tuple[ProductionLine, Machine | None]]:
    if stage.line_id:
        return [(stage.line, None)]
    machines = Machine.objects.filter(active=True, machine_type=stage.machine_type,
                                      line__facility_id=order.facility_id, line__active=True).select_related("line")
    return [(m.line, m) for m in machines]


@transaction.atomic
def schedule_order(order: PlanningOrder, start: dt.datetime) -> list[Operation]:
    """(Re)plan every stage of ``order`` forward from ``start``: each stage on the resource (its line, or the machine
    of its type) where it finishes first, after the previous stage ends. Only planned orders are (re)scheduled."""
    order = PlanningOrder.objects.select_for_update().get(pk=order.pk)
    if order.state != PlanningOrder.State.PLANNED:
        raise PlanRefused(_("Only a planned order can be scheduled again (this one is %(state)s).")
                          % {"state": order.state_label})
    stages = list(order.routing.stages.select_related("line"))
    if not stages:
        raise PlanRefused(_("The routing %(routing)s has no stages.") % {"routing": order.routing})
    units = order_units(order)
    if not units:
        raise PlanRefused(_("The order has no items to make."))
    order.operations.all().delete()
    calendar = calendar_for(order.facility)
    resources: dict[str, tuple[ProductionLine, Machine | None]] = {}
    timelines: dict[str, forward.Timeline] = {}
    plan: list[forward.Stage] = []
    for stage in stages:
        options = sorted(_candidates(order, stage), key=lambda o: (o[0].code, o[1].code if o[1] else ""))
        if not options:
            raise PlanRefused(_("No active machine of type “%(type)s” in %(facility)s for the stage %(stage)s.")
                              % {"type": stage.machine_type, "facility": order.facility, "stage": stage.name})
        keys = []
        for line, machine in options:
            key = resource_key(line.pk, machine.pk if machine else None)
            if key not in timelines:
                resources[key] = (line, machine)
                timelines[key] = timeline(calendar, line, machine, start)
            keys.append(key)
        plan.append(forward.Stage(stage.sequence, stage_duration(units, stage.rate_per_hour), keys))
    by_sequence = {stage.sequence: stage for stage in stages}
    planned = []
    # in working time: a stage that does not fit in a shift continues in the next working shift
    for placement in forward.schedule_stages(plan, start, timelines):
        stage = by_sequence[placement.sequence]
        line, machine = resources[placement.resource]
        planned.append(Operation.objects.create(
            order=order, sequence=stage.sequence, stage=stage.name, machine_type=stage.machine_type, line=line,
            machine=machine, planned_start=placement.start, planned_end=placement.end, units=units))
    return planned


def _clash(op: Operation, line: ProductionLine, machine: Machine | None, start: dt.datetime,
           end: dt.datetime) -> str | None:
    other = _busy(line, machine).exclude(pk=op.pk).filter(planned_start__lt=end, planned_end__gt=start).select_related(
        "order").first()
    if other:
        return _("%(resource)s is busy with %(order)s (%(stage)s) at that time.") % {
            "resource": machine or line, "order": other.order.number, "stage": other.stage}
    siblings = Operation.objects.filter(order_id=op.order_id).exclude(pk=op.pk)
    before = siblings.filter(sequence__lt=op.sequence, planned_end__gt=start).order_by("-planned_end").first()
    if before:
        return _("The stage would start before its predecessor %(stage)s ends.") % {"stage": before.stage}
    after = siblings.filter(sequence__gt=op.sequence, planned_start__lt=end).order_by("planned_start").first()
    if after:
        return _("The stage would end after the next stage %(stage)s starts: move that one first.") % {
            "stage": after.stage}
    return None


@transaction.atomic
def move_operation(op: Operation, user, *, start: dt.datetime, end: dt.datetime | None = None,
                   machine: Machine | None = None, line: ProductionLine | None = None,
                   justification: str = "") -> Operation:
    """Move a stage in time and/or to another machine or line. Keeps its duration when ``end`` is not given.
    A change of resource is a reallocation: it needs a justification and is recorded with it."""
    op = Operation.objects.select_for_update(of=("self",)).select_related("order", "line", "machine").get(pk=op.pk)
    if not op.order.is_open:
        raise PlanRefused(_("%(order)s is %(state)s: its plan can no longer change.")
                          % {"order": op.order.number, "state": op.order.state_label})
    if end is None:  # the same working time from the new start (a stage dragged onto Friday runs on into Monday)
        calendar = calendar_for(op.order.facility)
        end = add_working_time(calendar, start, working_time(calendar, op.planned_start, op.planned_end)
                               or op.planned_end - op.planned_start)
    if end <= start:
        raise PlanRefused(_("The end must be after the start."))
    if machine is not None:
        line = machine.line
        if not machine.active:
            raise PlanRefused(_("%(machine)s is deactivated.") % {"machine": machine})
        if not op.machine_type:
            raise PlanRefused(_("This stage runs on a line, not on a machine."))
        if machine.machine_type != op.machine_type:
            raise PlanRefused(_("%(machine)s is a %(type)s; this stage needs a %(needed)s.") % {
                "machine": machine, "type": machine.machine_type or "?", "needed": op.machine_type})
    elif line is not None and op.machine_type:
        raise PlanRefused(_("This stage runs on a machine of type %(type)s: choose the machine.")
                          % {"type": op.machine_type})
    line = line or op.line
    machine = machine if machine is not None else (op.machine if line.pk == op.line_id else None)
    if line.facility_id != op.order.facility_id:
        raise PlanRefused(_("%(line)s belongs to another facility.") % {"line": line})
    moved_resource = (line.pk, machine.pk if machine else None) != (op.line_id, op.machine_id)
    if moved_resource and not justification.strip():
        raise PlanRefused(_("Moving a stage to another line or machine needs a justification."))
    problem = _clash(op, line, machine, start, end)
    if problem:
        raise PlanRefused(problem)
    if moved_resource:
        Reallocation.objects.create(operation=op, from_line=op.line, from_machine=op.machine, to_line=line,
                                    to_machine=machine, justification=justification.strip(), by=user)
    op.line, op.machine, op.planned_start, op.planned_end = line, machine, start, end
    op.save(update_fields=["line", "machine", "planned_start", "planned_end"])
    return op
