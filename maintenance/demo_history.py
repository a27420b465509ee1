"""Eight weeks of breakdowns for the demo plant (a demo step after the maintenance demo, see
MaintenanceConfig.demo_steps): a machine breaks, the operator reports it, a technician starts on it after a response
time that sometimes misses the SLA, the line restarts, the operator records the stop (downtime's service links it
to the ticket), the technician finishes, and most are verified. The escalations are evaluated while a ticket is
open, so the late ones fire and are cleared by the finish, as the beat does in production. MTBF/MTTR and the
maintenance dashboard have a past to read.

Everything through the services (``report_ticket``, ``apply_transition``, ``record_event``,
``evaluate_escalations``), as of the moment each happened (``portal.demo.as_of``). Seeded, dated back from each
facility's local today; a second run adds nothing (the reports' keys are fixed and already spent).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth import get_user_model

from downtime.models import Category
from downtime.services.events import EventInput, record_event
from portal.demo import as_of, history_dates, history_random
from portal.models import Facility
from portal.services.localtime import today_local
from portal.workflow import apply_transition
from portal.workflow.escalation import evaluate_escalations

from .models import Priority, Ticket
from .services.tickets import report_ticket

KEYS = uuid.UUID("9b2e4d6f-1a3c-4b5d-8e7f-0a1b2c3d4e5f")
PROBLEMS = [
    ("Drive motor tripped", "Reset the overload, found a worn coupling and replaced it."),
    ("Hydraulic pressure drops", "Replaced the leaking seal on the main cylinder."),
    ("Servo fault on the main axis", "Re-seated the encoder cable, ran the homing test."),
    ("Conveyor chain broke", "Fitted a new chain link and adjusted the tension."),
    ("Filler nozzle blocked", "Cleaned the nozzle block, replaced a check valve."),
]


def build_history() -> None:
    users = get_user_model().objects
    reporter = users.filter(username="demo_downtime_admin").first()
    tech = users.filter(username="demo_technician").first()
    manager = users.filter(username="demo_maintenance_admin").first()
    breakdown = Category.objects.filter(parent__name="Mechanical", name="Breakdown").first()
    if None in (reporter, tech, manager, breakdown):
        return
    if Ticket.objects.filter(idempotency_key=uuid.uuid5(KEYS, "first")).exists():
        return
    priorities = {p.rank: p for p in Priority.objects.all()}
    first = True
    # the plant's shift-run facilities, as the downtime and production histories (the laser shop is laser's)
    for facility in Facility.objects.filter(active=True, shifts__isnull=False).distinct().order_by("code"):
        tz = facility.tzinfo
        rng = history_random(f"maintenance:{facility.code}")
        lines = list(facility.lines.active().prefetch_related("machines").order_by("code"))
        for day in history_dates(today_local(facility)):
            for line in lines:
                if rng.random() > 0.05 or not line.machines.all():
                    continue
                machine = rng.choice(list(line.machines.all()))
                problem, resolution = rng.choice(PROBLEMS)
                broke = dt.datetime.combine(day, dt.time(6), tzinfo=tz) + dt.timedelta(minutes=rng.randint(30, 900))
                respond = dt.timedelta(minutes=int(rng.lognormvariate(3.3, 0.9)))  # ~27 min typical, a few hours
                repair = dt.timedelta(minutes=rng.randint(25, 240))
                key = uuid.uuid5(KEYS, "first") if first else uuid.uuid5(KEYS, f"{line.code}:{day}")
                first = False
                with as_of(broke + dt.timedelta(minutes=2)):
                    ticket = report_ticket(reporter, line=line, machine=machine, problem=problem,
                                           priority=priorities.get(rng.choice((1, 2, 2, 3))), key=key).record
                with as_of(broke + respond):
                    evaluate_escalations()
                    ticket = apply_transition(ticket, "start", tech)
                restarted = broke + respond + repair
                with as_of(restarted + dt.timedelta(minutes=2)):
                    record_event(reporter, EventInput(line=line, machine=machine, start=broke, end=restarted,
                                                      category=breakdown, crew_size=3, comments=problem,
                                                      confirm_overlap=True, confirm_long=True),
                                 idempotency_key=uuid.uuid5(KEYS, f"stop:{line.code}:{day}"))
                finished = restarted + dt.timedelta(minutes=10)
                with as_of(finished):
                    evaluate_escalations()
                    ticket = apply_transition(ticket, "finish", tech, resolution=resolution)
                if rng.random() < 0.8:
                    with as_of(finished + dt.timedelta(hours=rng.randint(1, 20))):
                        apply_transition(ticket, "verify", manager)
