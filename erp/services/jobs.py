"""Open jobs and their material yield.

Per component of a job, from its material transactions:

* net issued = issued − de-issued
* relieved = consumed by good output (backflush at completion)
* yield loss quantity = net issued − relieved (recorded scrap is part of it)
* yield cost/scrap = yield loss quantity × component unit cost
* yield loss % = yield loss quantity ÷ net issued × 100 (0 when nothing is issued)

On a job still running, material issued but not yet relieved counts as loss until the job completes.
The same figures per lot (``by_lot=True``) feed the Certificate of Compliance; a component's figures are the sum
of its lots' (:func:`combined`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from erp.models import Job, JobMaterialTransaction, Part, TransactionType

ZERO = Decimal(0)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComponentYield:
    component: Part
    issued: Decimal
    deissued: Decimal
    relieved: Decimal
    scrapped: Decimal
    lot_number: str | None = None  # set when the figures are those of one lot (job_yield(by_lot=True))

    @property
    def net_issued(self) -> Decimal:
        return self.issued - self.deissued

    @property
    def loss_quantity(self) -> Decimal:
        return self.net_issued - self.relieved

    @property
    def yield_cost(self) -> Decimal:
        return self.loss_quantity * self.component.unit_cost

    @property
    def loss_percent(self) -> Decimal:
        return self.loss_quantity / self.net_issued * 100 if self.net_issued else ZERO


@dataclass(frozen=True)
class JobYield:
    components: list[ComponentYield]

    @property
    def yield_cost(self) -> Decimal:
        return sum((c.yield_cost for c in self.components), ZERO)

    @property
    def issued_cost(self) -> Decimal:
        return sum((c.net_issued * c.component.unit_cost for c in self.components), ZERO)

    @property
    def loss_percent(self) -> Decimal:
        """Cost-weighted over the components (quantities of different units cannot be added)."""
        return self.yield_cost / self.issued_cost * 100 if self.issued_cost else ZERO


def _sum(kind: str):
    return Coalesce(
        Sum("quantity", filter=Q(transaction_type=kind)), Value(ZERO),
        output_field=DecimalField(max_digits=18, decimal_places=6),
    )


def job_yield(job: Job, *, by_lot: bool = False) -> JobYield:
    """The job's material yield per component (or per component and lot): one grouped query plus one for the
    parts."""
    keys = ("component_id", "lot_number") if by_lot else ("component_id",)
    totals = (
        JobMaterialTransaction.objects.filter(job=job)
        .values(*keys)
        .annotate(
            issued=_sum(TransactionType.ISSUE), deissued=_sum(TransactionType.DEISSUE),
            relieved=_sum(TransactionType.RELIEVE), scrapped=_sum(TransactionType.SCRAP),
        )
        .order_by(*keys)
    )
    totals = list(totals)
    parts = Part.objects.in_bulk([t["component_id"] for t in totals])
    components = [
        ComponentYield(parts[t["component_id"]], t["issued"], t["deissued"], t["relieved"], t["scrapped"],
                       t.get("lot_number"))
        for t in totals
        if t["component_id"] in parts
    ]
    return JobYield(components)


def combined(lots: list[ComponentYield]) -> ComponentYield:
    """One component's figures from those of its lots (the quantities add up; the ratios are recomputed)."""
    first = lots[0]
    return ComponentYield(
        first.component, sum((c.issued for c in lots), ZERO), sum((c.deissued for c in lots), ZERO),
        sum((c.relieved for c in lots), ZERO), sum((c.scrapped for c in lots), ZERO),
    )


def open_jobs():
    return Job.objects.open().select_related("part", "sales_order__customer", "sales_order_line")


def open_jobs_on_line(line, query: str = "", limit: int = 30) -> tuple[list[Job], str]:
    """Open jobs of a portal line's ERP work center for a job picker (``templates/erp/partials/job_picker.html``),
    searched by job, part or description, earliest due first. Returns (jobs, error): an unreachable ERP gives no
    jobs and a message saying the number can still be typed."""
    if not line.erp_line_code:
        return [], ""
    found = Job.objects.open().filter(line_code=line.erp_line_code).select_related("part")
    query = (query or "").strip()[:40]
    if query:
        found = found.filter(Q(job_number__icontains=query) | Q(part__part_number__icontains=query)
                             | Q(part__description__icontains=query))
    try:
        return list(found.order_by("due_date", "job_number")[:limit]), ""
    except DatabaseError:
        log.warning("ERP unreachable while listing jobs of line %s", line.pk, exc_info=True)
        return [], _("The ERP cannot be reached right now; type the job number or leave it empty.")
