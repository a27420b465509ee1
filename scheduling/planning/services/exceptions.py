"""Exceptions to the plan: detected (late, over capacity, quantity short, waiting on material), notified to the
planners once, assigned, resolved with a reason (workflow transition). Detection is idempotent: one open row per
condition (``key``); a condition that went away is closed with a reason saying so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications
from portal.models import Facility
from portal.services.localtime import today_local
from portal.workflow.services import apply_transition

from ..models import Operation, OrderItem, PlanException, PlanningOrder
from ..models.orders import OPEN_STATES, PLAN
from .analysis import late_orders, utilization

HORIZON_DAYS = 28  # over-capacity days are looked for this far ahead
KIND = "planning.exception"


@dataclass(frozen=True)
class Found:
    key: str
    kind: str
    detail: str
    order_id: int | None = None
    line_id: int | None = None
    day: dt.date | None = None


def _late(facility: Facility) -> list[Found]:
    late = late_orders(facility)
    numbers = dict(PlanningOrder.objects.filter(pk__in=late).values_list("pk", "number"))
    return [Found(f"late:{pk}", PlanException.Kind.LATE,
                  _("%(order)s is planned to finish %(hours)s h after its due date.") % {
                      "order": numbers[pk], "hours": f"{delta.total_seconds() / 3600:.1f}"}, order_id=pk)
            for pk, delta in late.items()]


def _over_capacity(facility: Facility, today: dt.date) -> list[Found]:
    rows = utilization(facility, today, today + dt.timedelta(days=HORIZON_DAYS - 1))
    return [Found(f"cap:{row.line.pk}:{row.day.isoformat()}", PlanException.Kind.OVER_CAPACITY,
                  _("%(line)s on %(day)s: %(planned)s units planned, capacity %(capacity)s.") % {
                      "line": row.line.code, "day": row.day.isoformat(), "planned": f"{row.planned:,.0f}",
                      "capacity": f"{row.capacity:,.0f}"}, line_id=row.line.pk, day=row.day)
            for row in rows if row.over_capacity]


def _quantity_short(facility: Facility) -> list[Found]:
    """Done orders that made fewer units than ordered. Made = what went OUT of the order's last planned stage (its
    work center) for the production order of the same number; an order without a plan counts the work center that
    let the fewest out (every unit passes every work center, so OUT is never added up across them: 60 + 60 out of
    two work centers is 60 made, not 120)."""
    from production.models import Movement, ProductionOrder
    from production.services.output import produced_units

    done = {o.number: o for o in PlanningOrder.objects.filter(facility=facility, state=PlanningOrder.State.DONE)
            .prefetch_related("items")}
    if not done:
        return []
    last_line = {}
    for order_id, line_id in Operation.objects.filter(order__in=list(done.values())).order_by(
            "order_id", "sequence").values_list("order_id", "line_id"):
        last_line[order_id] = line_id  # ordered by sequence: the last one wins
    found = []
    for production_order in ProductionOrder.objects.filter(number__in=list(done)):
        order = done[production_order.number]
        line_ids = ({last_line[order.pk]} if order.pk in last_line else
                    set(Movement.objects.filter(order=production_order).values_list("line_id", flat=True)))
        out = produced_units(line_ids, dt.datetime(2000, 1, 1, tzinfo=dt.UTC), timezone.now(),
                             order_id=production_order.pk)
        made = min((out.get(line_id, 0) for line_id in line_ids), default=0)
        wanted = sum(item.quantity for item in order.items.all())
        if made < wanted:
            found.append(Found(f"short:{order.pk}", PlanException.Kind.QUANTITY_SHORT,
                               _("%(order)s is done with %(made)s of %(wanted)s units made.") % {
                                   "order": order.number, "made": made, "wanted": wanted}, order_id=order.pk))
    return found


def _material(facility: Facility) -> list[Found]:
    """Open orders with an item short of material in the latest finished MRP run (by ERP sales-order line, or by
    the product when the item has no ERP line)."""
    from mrp.models import MrpShortage
    from mrp.services import latest_run

    run = latest_run()
    if run is None:
        return []
    items = OrderItem.objects.filter(order__facility=facility, order__state__in=OPEN_STATES).select_related("order")
    by_line = {i.so_line_id: i for i in items if i.so_line_id}
    by_part = {i.product: i for i in items if not i.so_line_id}
    shortages = MrpShortage.objects.filter(run=run).filter(
        Q(so_line_id__in=list(by_line)) | Q(part_number__in=list(by_part))).order_by("component")
    found: dict[int, tuple[OrderItem, list[str]]] = {}
    for shortage in shortages:
        item = by_line.get(shortage.so_line_id) or by_part.get(shortage.part_number)
        if item is None:
            continue
        found.setdefault(item.order_id, (item, []))[1].append(shortage.component)
    return [Found(f"mat:{order_id}", PlanException.Kind.MATERIAL,
                  _("%(order)s waits on material: %(components)s.") % {
                      "order": item.order.number, "components": ", ".join(sorted(set(parts))[:8])},
                  order_id=order_id)
            for order_id, (item, parts) in found.items()]


def exception_url(exception: PlanException) -> str:
    try:
        return reverse("planning:exception", args=[exception.pk])
    except NoReverseMatch:
        return ""


@transaction.atomic
def detect_exceptions(facility: Facility, today: dt.date | None = None) -> dict[str, int]:
    """Open an exception (and notify the planners) for each new condition; resolve those that went away (through
    the workflow, as the portal)."""
    today = today or today_local(facility)
    found = {f.key: f for f in (*_late(facility), *_over_capacity(facility, today), *_quantity_short(facility),
                                *_material(facility))}
    scope = Q(order__facility=facility) | Q(line__facility=facility)
    open_rows = {e.key: e for e in PlanException.objects.select_for_update(of=("self",)).filter(scope, state="open")}
    opened = updated = closed = 0
    for key, item in found.items():
        row = open_rows.get(key)
        if row is None:
            row = PlanException.objects.create(key=key, kind=item.kind, detail=item.detail[:300],
                                               order_id=item.order_id, line_id=item.line_id, day=item.day)
            notifications.raise_notification(
                KIND, row, title=str(row), url=exception_url(row), level="warning", permissions=[PLAN])
            opened += 1
        elif row.detail != item.detail[:300]:
            row.detail = item.detail[:300]
            row.save(update_fields=["detail"])
            updated += 1
    for key, row in open_rows.items():
        if key not in found:  # resolved by the portal itself: a timeline line, the notification cleared
            apply_transition(row, "resolve", None,
                             resolution_reason=_("No longer detected: the plan or the data changed."))
            closed += 1
    return {"opened": opened, "updated": updated, "closed": closed}


def detect_all() -> dict[str, int]:
    totals = {"opened": 0, "updated": 0, "closed": 0}
    for facility in Facility.objects.filter(active=True):
        for name, count in detect_exceptions(facility).items():
            totals[name] += count
    return totals


def assign(exception: PlanException, assignee, by) -> PlanException:
    """Give the exception to someone (audited); they are notified."""
    exception.assignee = assignee
    exception.save(update_fields=["assignee"])
    if assignee is not None:
        notifications.raise_notification(
            "planning.exception_assigned", exception, key=str(assignee.pk), title=str(exception),
            body=_("Assigned to you by %(user)s.") % {"user": by.get_full_name() or by.get_username()},
            url=exception_url(exception), users=[assignee])
    return exception
