"""Machine counts into the production ledger (docs/machine-signals.md): the good units a machine reported become
OUT movements of the order in progress at its line, through the ledger's own ``record_movement`` and so the
floor-write receiver, exactly once.

* Only a line mapped to an ERP work center (``erp_line_code``) with an order in progress: the order with units
  at the line (balance above 0, or overdrawn by the machine's count) that moved last. Otherwise the counts feed
  OEE and the board only.
* A minute is posted once it is ``SETTLE`` old (late messages mostly in); units that arrive later for a posted
  minute are posted as another movement.
* Exactly once: the key of a posting is the minute's row and the units posted before it, so a crash between the
  movement and the mark sends the same key again and the receiver answers the movement already recorded.
* Units beyond the order's balance are recorded as an override ("counted by the machine"): the machine made them.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import F, Q
from django.utils import timezone

from portal.commands import Refused
from portal.machine_signals.writer import machine_user
from portal.models import MachineCount
from portal.roles import OVERRIDE_BALANCE, RECORD_MOVEMENT

from ..models import Balance, Movement
from .ledger import record_movement

log = logging.getLogger(__name__)

SETTLE = dt.timedelta(minutes=2)
REASON = "Counted by the machine"


def order_in_progress(line) -> Balance | None:
    """The order with units at the line (or overdrawn by the machine's own count) that moved last."""
    return (Balance.objects.filter(Q(balance__gt=0) | Q(overdrawn=True), line=line).select_related("order")
            .order_by("-last_movement_at", "-pk").first())


def post_machine_counts(now: dt.datetime | None = None, limit: int = 500) -> int:
    """Post the settled, not yet posted good units of mapped lines; returns how many movements were recorded."""
    now = now or timezone.now()
    rows = list(MachineCount.objects.filter(minute__lt=now - SETTLE, good__gt=F("posted"),
                                            machine__line__erp_line_code__gt="")
                .select_related("machine__line").order_by("minute", "pk")[:limit])
    if not rows:
        return 0
    user = machine_user(RECORD_MOVEMENT, OVERRIDE_BALANCE)
    done = 0
    for row in rows:
        line = row.machine.line
        balance = order_in_progress(line)
        if balance is None:
            continue  # no order at the line: the counts stay OEE's and the board's
        units = row.good - row.posted
        try:
            record_movement(user=user, line=line, order_number=balance.order.number,
                            direction=Movement.Direction.OUT, quantity=units, override_reason=REASON,
                            idempotency_key=f"machine-count:{row.pk}:{row.posted}", at=row.minute,
                            machine_code=row.machine.code)
        except Refused as refused:
            log.warning("machine counts of %s at %s not posted: %s", row.machine.code, row.minute, refused.message)
            continue
        MachineCount.objects.filter(pk=row.pk, posted=row.posted).update(posted=F("posted") + units)
        done += 1
    return done
