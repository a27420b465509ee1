"""The plan's progress, read from the production ledger (what the floor recorded, never a second count): units
made at a stage = what went OUT of its work center for the order of the same number (a correction of an OUT takes
it back), as production's output and OEE count it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Sum

from production.models import Movement
from production.services.output import signed_output

from ..models import Operation


def made_by_operation(operations: Iterable[Operation]) -> dict[int, int]:
    """Units made per operation (pk) of ``operations`` (their order and line loaded)."""
    operations = list(operations)
    made = made_by_stage({(op.order.number, op.line_id) for op in operations})
    return {op.pk: made.get((op.order.number, op.line_id), 0) for op in operations}


def made_by_stage(stages: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """Units made per (order number, line) of ``stages``, in one query (for readers holding ``values()`` rows,
    such as the Gantt, not model instances)."""
    stages = set(stages)
    if not stages:
        return {}
    numbers = {number for number, _line in stages}
    lines = {line for _number, line in stages}
    rows = (Movement.objects.filter(order__number__in=numbers, line_id__in=lines)
            .values("order__number", "line_id").annotate(units=Sum(signed_output())).order_by())
    return {(row["order__number"], row["line_id"]): row["units"] or 0 for row in rows
            if (row["order__number"], row["line_id"]) in stages}
