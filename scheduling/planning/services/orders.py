"""Creating a planning order: the one write path, used by the new-order page, the API, the import and plan-from-ERP.

The rules, all here:
- an order has at least one item;
- what it plans is not already planned: no open order carries the same ERP reference (sales order line or job),
  and no open order has an item for one of its ERP sales order lines;
- its number is unique.
The checks run under a lock on the facility row, so two planners (or two import rows) cannot both pass them.
The callers validate the shape of their input (forms, serializers, the import's row checks) and show an
``OrderRefused`` as a field or row error (the API: 409 with the reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from portal.commands import Conflict
from portal.models import Facility

from ..models import OrderItem, PlanningOrder, Routing
from ..models.orders import OPEN_STATES


class OrderRefused(Conflict):
    """An order that was not created: ``message`` for the user, ``field`` the input it is about (or None). In the
    portal's one refusal contract (portal/commands.py), so the API answers it as a 409 with the reason."""


def planned_by(erp_reference: str, so_lines: Iterable[int]) -> PlanningOrder | None:
    """The open order that already plans this ERP reference or one of these ERP sales order lines, if any."""
    taken = Q(erp_reference=erp_reference) if erp_reference else Q()
    lines = [line for line in so_lines if line]
    if lines:
        taken |= Q(items__so_line_id__in=lines)
    if not taken:
        return None
    return PlanningOrder.objects.filter(taken, state__in=OPEN_STATES).distinct().order_by("pk").first()


def check_new_order(number: str, erp_reference: str, items: list[dict], plans_item_lines: bool = True
                    ) -> list[OrderItem]:
    """The rules of a new order, checked without writing (create_order, under its lock; an import's preview).
    Raises ``OrderRefused``; returns the unsaved items."""
    number, erp_reference = number.strip(), (erp_reference or "").strip()
    if not items:
        raise OrderRefused(_("An order needs at least one item."), field="items")
    lines = [item.get("so_line_id") for item in items] if plans_item_lines else []
    taken = planned_by(erp_reference, lines)
    if taken is not None:
        what = erp_reference or ", ".join(str(line) for line in lines if line)
        raise OrderRefused(_("Order %(order)s already plans %(ref)s.") % {"order": taken.number, "ref": what},
                           field="erp_reference" if erp_reference else "so_line_id")
    if PlanningOrder.objects.filter(number=number).exists():
        raise OrderRefused(_("An order with this number exists already."), field="number")
    rows = [OrderItem(**item) for item in items]
    for row in rows:
        row.full_clean(exclude=["order"])
    return rows


@transaction.atomic
def create_order(*, number: str, facility: Facility, routing: Routing, due_date: dt.date,
                 items: Iterable[Mapping[str, Any]], customer: str = "", priority: int = 3,
                 source: str = PlanningOrder.Source.MANUAL, erp_reference: str = "", user=None,
                 plans_item_lines: bool = True) -> PlanningOrder:
    """Create an order with its items (dicts of product, description, quantity, so_line_id) and nothing else.

    Raises ``OrderRefused`` (nothing written) when a rule above is broken. ``plans_item_lines`` False: the items'
    sales order lines only link MRP shortages (an order made from an ERP job plans the job, and a line may have
    several jobs), so they are not checked."""
    items = [dict(item) for item in items]
    number, erp_reference = number.strip(), (erp_reference or "").strip()
    if not items:
        raise OrderRefused(_("An order needs at least one item."), field="items")
    Facility.objects.select_for_update().get(pk=facility.pk)
    rows = check_new_order(number, erp_reference, items, plans_item_lines)
    order = PlanningOrder.objects.create(
        number=number, facility=facility, routing=routing, customer=customer or "", priority=priority,
        due_date=due_date, source=source, erp_reference=erp_reference, created_by=user)
    for row in rows:
        row.order = order
        row.save()
    return order
