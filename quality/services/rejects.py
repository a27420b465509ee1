"""Internal rejects as other modules read them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from ..models import InternalReject

# Which rejects count as rejected units (OEE's quality factor): submitted ones (the floor said so; counted at once
# so the OEE board is not rosy until an inspector reviews) and approved ones, also once closed. Rejects an
# inspector refused (state "rejected", or closed without an approval) do not count.
COUNTED = Q(state__in=[InternalReject.State.SUBMITTED, InternalReject.State.APPROVED]) | Q(
    state=InternalReject.State.CLOSED, approved_at__isnull=False)


def rejected_units(line_ids: list[int], start: dt.datetime, end: dt.datetime) -> list[tuple[int, dt.datetime, int]]:
    """(line_id, moment in UTC, rejected units) of the counted rejects of ``line_ids`` with start <= moment < end."""
    rows = InternalReject.objects.filter(COUNTED, line_id__in=line_ids, occurred_at__gte=start, occurred_at__lt=end)
    return [(line_id, at.astimezone(dt.UTC), qty) for line_id, at, qty in
            rows.order_by("occurred_at").values_list("line_id", "occurred_at", "quantity")]


def rejected_units_by_machine(line_ids: list[int], start: dt.datetime, end: dt.datetime
                              ) -> list[tuple[int, int, dt.datetime, int]]:
    """(line_id, machine_id, moment in UTC, rejected units) of the counted rejects recorded against a machine."""
    rows = InternalReject.objects.filter(COUNTED, line_id__in=line_ids, machine__isnull=False, occurred_at__gte=start,
                                         occurred_at__lt=end)
    return [(line_id, machine_id, at.astimezone(dt.UTC), qty) for line_id, machine_id, at, qty in
            rows.order_by("occurred_at").values_list("line_id", "machine_id", "occurred_at", "quantity")]
