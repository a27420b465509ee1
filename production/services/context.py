"""A production order's own context for the plausibility check: is the number known, and what is its quantity.

An order number is known when the ledger already has it, when it is an ERP job's number (or the movement names a
job the ERP has), or when the plan has an order with that number. Its quantity is the ERP job's required quantity,
else the planning order's items' total.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Sum

from erp.services import known as erp_known
from portal.services.plausibility import Basis, order_basis

from ..models import ProductionOrder


def _planned_quantity(number: str) -> tuple[bool, int | None]:
    if not apps.is_installed("scheduling.planning"):
        return False, None
    order_model = apps.get_model("planning", "PlanningOrder")
    row = (order_model.objects.filter(number__iexact=number).annotate(total=Sum("items__quantity"))
           .values("total").first())
    return (row is not None), (row or {}).get("total")


def erp_job_known(job: str) -> bool | None:
    return erp_known.job(job).known


def order_context(number: str, erp_job: str = "") -> tuple[bool | None, Basis | None]:
    """(known: True, False, or None when the ERP could not be asked; the order's quantity as a basis)."""
    local = ProductionOrder.objects.filter(number=number).values_list("erp_job", flat=True).first()
    unreachable = False
    for job_number in dict.fromkeys(filter(None, (local, erp_job, number))):  # the order's own job first
        job = erp_known.job(job_number)
        if job.known:
            return True, order_basis(number, job.quantity)
        unreachable = unreachable or job.known is None
    planned, quantity = _planned_quantity(number)
    if planned:
        return True, order_basis(number, quantity)
    if local is not None:
        return True, None
    if unreachable:
        return None, None
    return False, None
