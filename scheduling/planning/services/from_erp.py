"""Planning orders created from an open ERP sales order line or an open ERP job (read-only ERP: only read here)."""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.utils.translation import gettext as _

from erp.models import Customer, Job, SalesOrder, SalesOrderLine
from portal.models import Facility
from portal.services import localtime

from ..models import PlanningOrder, Routing
from .orders import OrderRefused, create_order
from .schedule import PlanRefused, schedule_order


def _facility(code: str) -> Facility:
    facility = Facility.objects.filter(erp_code=code, active=True).first() if code else None
    if facility is None:
        raise OrderRefused(_("No active portal facility has the ERP code %(code)s.") % {"code": code or "-"})
    return facility


def _customer(code: str | None) -> str:
    # Rows join without database constraints: a missing customer row still gives the code.
    if not code:
        return ""
    return Customer.objects.filter(pk=code).values_list("name", flat=True).first() or code


def _free_number(base: str) -> str:
    number, n = base[:36], 1
    while PlanningOrder.objects.filter(number=number).exists():
        n += 1
        number = f"{base[:36]}-{n}"
    return number


@transaction.atomic
def create_order_from_erp(*, routing: Routing, so_line_id: int | None = None, job_number: str = "", user=None,
                          priority: int = 3, schedule_start: dt.datetime | None = None) -> PlanningOrder:
    """Create a planning order with one item from an open SO line or an open job; optionally schedule it.
    Refuses (OrderRefused, nothing written) an unknown or closed line/job; the order itself is made by
    ``create_order`` (which refuses a line or job already planned by an open order)."""
    job_number = (job_number or "").strip().upper()
    if so_line_id:
        line = SalesOrderLine.objects.filter(pk=so_line_id).first()
        if line is None:
            raise OrderRefused(_("The ERP has no sales order line %(id)s.") % {"id": so_line_id})
        reference = str(line)
        if line.status != "OPEN" or line.quantity_ordered <= line.quantity_shipped:
            raise OrderRefused(_("Sales order line %(ref)s is closed in the ERP.") % {"ref": reference})
        part, open_qty, due = line.part_id, line.quantity_ordered - line.quantity_shipped, line.due_date
        customer, facility_code, item_line = _customer(line.customer_id), line.facility, line.id
    elif job_number:
        job = Job.objects.filter(pk=job_number).first()
        if job is None:
            raise OrderRefused(_("The ERP has no job %(job)s.") % {"job": job_number})
        reference = job.job_number
        if not job.is_open or job.remaining_quantity <= 0:
            raise OrderRefused(_("Job %(job)s is closed in the ERP.") % {"job": reference})
        part, open_qty, due = job.part_id, job.remaining_quantity, job.due_date
        customer = _customer(SalesOrder.objects.filter(pk=job.sales_order_id).values_list("customer_id", flat=True)
                             .first()) if job.sales_order_id else ""
        facility_code, item_line = job.facility, job.sales_order_line_id
        if due is None:
            raise OrderRefused(_("Job %(job)s has no due date in the ERP.") % {"job": reference})
    else:
        raise OrderRefused(_("Choose an ERP sales order line or job."))
    facility = _facility(facility_code)
    order = create_order(
        number=_free_number(reference.replace("/", "-")), facility=facility, routing=routing,
        customer=(customer or "")[:100], priority=priority, due_date=due, source=PlanningOrder.Source.ERP,
        erp_reference=reference, user=user, plans_item_lines=bool(so_line_id),
        items=[{"product": part, "quantity": max(1, math.ceil(open_qty)), "so_line_id": item_line}])
    if schedule_start is not None:
        try:  # a time typed on the page is the facility's wall clock
            schedule_start = localtime.make_aware(schedule_start, facility)
        except localtime.NonexistentLocalTime as skipped:
            raise OrderRefused(skipped.message) from skipped
        try:
            schedule_order(order, schedule_start)
        except PlanRefused as refused:
            raise OrderRefused(refused.message) from refused
    return order
