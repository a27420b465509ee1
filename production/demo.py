"""Demo data of the production ledger (a demo step, see ProductionConfig.demo_steps): the demo production operator
has a few orders under way in the first facility's department. Safe to re-run."""

from __future__ import annotations

from portal.models import Department, User
from portal.services.plausibility import CONFIRM_NEW_ORDER

from .models import Movement
from .services import record_movement

NEW = (CONFIRM_NEW_ORDER,)  # the demo's orders are local numbers, not ERP jobs


def build_boards() -> None:
    """An andon board per facility (every line of it), for the TV by the lines. Safe to re-run."""
    from portal.models import Facility

    from .models import AndonBoard

    for facility in Facility.objects.active():
        if not AndonBoard.objects.filter(facility=facility).exists():
            AndonBoard.objects.create(name=f"{facility.code} – {facility.localized_name}"[:80], facility=facility)


def build_demo() -> None:
    build_boards()
    department = Department.objects.order_by("pk").first()
    operator = User.objects.filter(username="demo_production_operator").first()
    if department is None or operator is None or Movement.objects.exists():
        return
    lines = list(department.lines.order_by("code")[:2])
    for n, line in enumerate(lines):
        for k in range(3):
            number = f"PO-{1000 + n * 10 + k}"
            record_movement(user=operator, line=line, order_number=number, direction="IN",
                            quantity=100 + 25 * k, idempotency_key=f"demo-{number}-in", confirm=NEW)
            record_movement(user=operator, line=line, order_number=number, direction="OUT",
                            quantity=40 + 10 * k, idempotency_key=f"demo-{number}-out", confirm=NEW)
