"""ERP jobs and lots on labels (declared in ErpConfig.label_kinds / label_sources; printed by portal/labels)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.labels.services import Label
from portal.labels.sources import filtered


def find_jobs(codes: list[str]) -> tuple[list[Label], list[str]]:
    from erp.models import Job

    found = {j.job_number: j for j in Job.objects.filter(job_number__in=codes)}
    return ([Label(j.job_number, str(_("ERP job")), [f"{j.part_id}", f"{_('Qty')}: {j.quantity_required:g}",
                                                     f"{j.facility} {j.line_code or ''}".strip()])
             for code in codes if (j := found.get(code))], [c for c in codes if c not in found])


def find_lots(codes: list[str]) -> tuple[list[Label], list[str]]:
    from erp.models import InventoryLot

    seen: dict[tuple[str, str], Label] = {}
    for lot in InventoryLot.objects.filter(lot_number__in=codes).order_by("lot_number", "part_id"):
        seen.setdefault((lot.lot_number, lot.part_id), Label(lot.lot_number, str(_("Lot")),
                                                             [f"{_('Part')}: {lot.part_id}",
                                                              f"{_('Received')}: {lot.receipt_date:%Y-%m-%d}"]))
    numbers = {number for number, _part in seen}
    return ([label for code in codes for (number, _p), label in seen.items() if number == code],
            [c for c in codes if c not in numbers])


def open_job_codes(request) -> QuerySet:
    """The job numbers of the live open jobs list, filtered as the list filters them."""
    from erp.filters import OpenJobFilter
    from erp.services.jobs import open_jobs

    return filtered(OpenJobFilter, open_jobs(), request).order_by("job_number").values_list("job_number", flat=True)
