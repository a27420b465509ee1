"""Production orders on labels (declared in ProductionConfig.label_kinds / label_sources; printed by portal/labels)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.labels.services import Label
from portal.labels.sources import filtered


def find_orders(codes: list[str]) -> tuple[list[Label], list[str]]:
    from production.models import ProductionOrder

    found = {o.number: o for o in ProductionOrder.objects.filter(number__in=codes)}
    return ([Label(o.number, str(_("Production order")), [f"{_('ERP job')}: {o.erp_job}"] if o.erp_job else [])
             for code in codes if (o := found.get(code))], [c for c in codes if c not in found])


def report_order_codes(request) -> QuerySet:
    """The order numbers of the balance report's filtered movements."""
    from production.filters import MovementFilter
    from production.views.report import scoped_movements

    movements = filtered(MovementFilter, scoped_movements(request.user), request)
    return movements.order_by("order__number").values_list("order__number", flat=True).distinct()
