"""Production movements: the only way to write the ledger, and the figures other modules read.

For other modules (job planning, OEE, maintenance meters)::

    from production.services import produced_units, movements_between
    produced_units([line.pk], start, end)   # {line_id: units OUT (corrections netted)} in [start, end)
"""

from .ledger import (
    BalanceExceeded,
    MovementRefused,
    RecordResult,
    lines_for_user,
    record_movement,
    reverse_movement,
)
from .output import movements_between, produced_units

__all__ = [
    "BalanceExceeded",
    "MovementRefused",
    "RecordResult",
    "lines_for_user",
    "movements_between",
    "produced_units",
    "record_movement",
    "reverse_movement",
]
