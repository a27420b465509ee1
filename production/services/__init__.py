"""Production movements: the only way to write the ledger, and the figures other modules read.

For other modules (job planning, OEE, maintenance meters), read-only and cheap (one grouped query each)::

    from production.services import movements_between, produced_units, produced_units_per_day

    produced_units([line.pk], start, end)                 # {line_id: units OUT} in [start, end) (aware datetimes,
    produced_units([line.pk], start, end, order_id=o.pk)  #  e.g. a shift occurrence's bounds); one order only
    produced_units_per_day([line.pk], first, last)        # {(line_id, plant date): units OUT}, dates inclusive
    movements_between(start, end, line_ids=[line.pk])     # the movements themselves, oldest first

"Produced" means units that went OUT of a work center (to the next one or to stock): OUT movements, overrides
included, minus corrections of OUTs. INs are not output. Work centers are ``portal.ProductionLine`` ids.
Writes go only through ``record_movement`` / ``reverse_movement`` (``portal.commands.receive``: the writer's
scope, then the writer's idempotency key, then a locked balance row; refusals are the core's).
"""

from .ledger import CORRECTION, MOVEMENT, RecordResult, record_movement, reverse_movement
from .output import movements_between, produced_units, produced_units_per_day

__all__ = [
    "CORRECTION",
    "MOVEMENT",
    "RecordResult",
    "movements_between",
    "produced_units",
    "produced_units_per_day",
    "record_movement",
    "reverse_movement",
]
