"""The shipment forecast's one rule for every line status (plain Python, no Django).

A line due in the forecast month is *likely to ship* when

1. its material status lets it ship in full (ready to ship, pending QC, job created, full production ready), and
2. today + its lead falls within the month: 0 days when nothing remains to produce (ready to ship, pending QC),
   the production lead (working days) when production remains, a "Job created" line included: its job still has to
   run.

Every other line is *at risk / partial*, with the reason: material for part of it only, a critical shortage, or
production that cannot finish within the month. The due date itself is not the test: a line due on the 3rd that
is late but can still ship this month counts where the month's shipments will be.
"""

from __future__ import annotations

import datetime as dt

READY = ("READY_TO_SHIP", "PENDING_QC")  # in stock (approved or awaiting release): nothing to produce
PRODUCTION = ("JOB_CREATED", "FULL_PRODUCTION_READY")  # material for all of it; production still has to run
FULL = READY + PRODUCTION
PARTIAL = ("PARTIAL_SHIP", "PARTIAL_PRODUCTION_READY")
SHORTAGE = ("CRITICAL_SHORTAGE",)

# Reasons a line is at risk / partial (the page words them)
REASON_PARTIAL = "partial"
REASON_SHORTAGE = "shortage"
REASON_LEAD = "lead"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``days`` working days (Monday-Friday) after ``start``."""
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def production_remains(status: str, remainder: int) -> bool:
    return status in PRODUCTION or remainder > 0


def lead_days(status: str, remainder: int, production_lead: int) -> int:
    return production_lead if production_remains(status, remainder) else 0


def at_risk_reason(status: str, remainder: int, today: dt.date, production_lead: int) -> str | None:
    """None when the line is likely to ship within ``today``'s month, else why not."""
    if status in SHORTAGE:
        return REASON_SHORTAGE
    if status not in FULL:
        return REASON_PARTIAL
    ready = add_working_days(today, lead_days(status, remainder, production_lead))
    return None if ready <= month_of(today)[1] else REASON_LEAD
