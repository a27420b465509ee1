"""What the ERP knows about a number a floor entry carries: is it there, and how much does it say.

Floor writes ask this for the plausibility check (portal/services/plausibility.py). Each answer is ``None`` for
"known" when the ERP cannot be reached: the writer is asked to confirm rather than blocked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError
from django.db.models import Sum

from erp.models import InventoryLot, Job, Part

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Known:
    known: bool | None  # None: the ERP could not be asked
    quantity: Decimal | None = None  # the job's required quantity, the part's stock on hand
    part: str = ""  # a job's part number


def job(number: str) -> Known:
    """An ERP job by number (any status: a closed job is still a real one) and its required quantity."""
    if not number:
        return Known(False)
    try:
        row = Job.objects.filter(job_number__iexact=number).values("quantity_required", "part_id").first()
    except DatabaseError:
        log.warning("ERP unreachable: job %s not checked", number)
        return Known(None)
    if row is None:
        return Known(False)
    return Known(True, row["quantity_required"], row["part_id"] or "")


def part(number: str, facility_code: str = "") -> Known:
    """An ERP part by number and its stock on hand (of the facility's ERP code when given)."""
    if not number:
        return Known(False)
    try:
        exact = Part.objects.filter(part_number__iexact=number).values_list("part_number", flat=True).first()
        if exact is None:
            return Known(False)
        lots = InventoryLot.objects.filter(part_id=exact)
        if facility_code:
            lots = lots.filter(facility=facility_code)
        return Known(True, lots.aggregate(total=Sum("quantity"))["total"])
    except DatabaseError:
        log.warning("ERP unreachable: part %s not checked", number)
        return Known(None)
