"""Preventive plans: due by calendar or meter, one ticket per plan and due slot however often the task runs."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from maintenance.models import PlanStep, PreventivePlan, Ticket
from maintenance.services.preventive import due_of, generate_due_tickets, open_plan_ticket
from maintenance.tasks import generate_preventive_tickets
from portal.testing.factories import UserFactory
from portal.workflow import apply_transition

from .conftest import local


@pytest.fixture
def plan(works):
    plan = PreventivePlan.objects.create(machine=works["press"], name="Lubricate the ram", interval=30,
                                         start_date=dt.date(2026, 11, 1), priority=works["priorities"]["Normal"])
    PlanStep.objects.create(plan=plan, order=1, text="Grease the guides", text_es="Engrasar las guías")
    PlanStep.objects.create(plan=plan, order=2, text="Check oil level")
    return plan


def test_the_periodic_task_run_twice_opens_one_ticket(plan, clock):
    clock.move_to(local(plan.machine.line.facility, 2026, 11, 2, 7))
    assert generate_preventive_tickets() == 1
    assert generate_preventive_tickets() == 0
    ticket = Ticket.objects.get()
    assert ticket.kind == "preventive" and ticket.plan == plan and ticket.slot == "d:2026-11-01"
    assert ticket.machine == plan.machine and ticket.priority.name == "Normal"
    assert [i.text for i in ticket.checklist.all()] == ["Grease the guides", "Check oil level"]


def test_the_unique_key_holds_without_the_check(plan, clock):
    clock.move_to(local(plan.machine.line.facility, 2026, 11, 2, 7))
    open_plan_ticket(plan, "d:2026-11-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(line=plan.machine.line, priority=plan.priority, problem="x", plan=plan,
                              slot="d:2026-11-01")


def test_days_since_last_completion(plan, clock, technician):
    f = plan.machine.line.facility
    clock.move_to(local(f, 2026, 11, 2, 7))
    ticket = generate_due_tickets()[0]
    clock.move_to(local(f, 2026, 11, 5, 10))
    ticket = apply_transition(ticket, "start", technician)
    apply_transition(ticket, "finish", technician, resolution="Greased")
    plan.refresh_from_db()
    assert plan.last_completed_at == local(f, 2026, 11, 5, 10)
    assert due_of(plan, local(f, 2026, 12, 4, 23)).is_due is False  # 30 days after Nov 5 is Dec 5
    clock.move_to(local(f, 2026, 12, 5, 0, 1))
    assert [t.slot for t in generate_due_tickets()] == ["d:2026-12-05"]
    assert generate_due_tickets() == []


def test_fixed_dates_do_not_move_with_the_completion(plan, clock):
    plan.trigger = PreventivePlan.Trigger.FIXED_DATES
    plan.save()
    f = plan.machine.line.facility
    assert due_of(plan, local(f, 2026, 10, 31, 12)).is_due is False
    assert due_of(plan, local(f, 2026, 12, 1, 0, 0)).slot == "d:2026-12-01"  # Nov 1 + 30 days
    assert due_of(plan, local(f, 2026, 11, 30, 23, 59)).slot == "d:2026-11-01"


def test_running_hours_count_shifts_minus_downtime(plan, clock):
    """Mon 2026-11-02 00:00 to Tue 00:00: two shifts, 8 h + 8 h = 16 running hours; a 60-min stop leaves 15."""
    from downtime.models import Category, DowntimeEvent

    plan.trigger = PreventivePlan.Trigger.RUNNING_HOURS
    plan.interval = 15
    plan.save()
    f = plan.machine.line.facility
    monday_end = local(f, 2026, 11, 3, 0)
    assert due_of(plan, monday_end).progress == pytest.approx(16)
    stop = Category.objects.create(name="Jam")
    DowntimeEvent.objects.create(facility=f, line=plan.machine.line, start=local(f, 2026, 11, 2, 9),
                                 end=local(f, 2026, 11, 2, 10), duration_minutes=60, category=stop,
                                 production_date=dt.date(2026, 11, 2), idempotency_key="0" * 32,
                                 created_by=UserFactory())
    due = due_of(plan, monday_end)
    assert due.progress == pytest.approx(15) and due.is_due
    assert not due_of(plan, local(f, 2026, 11, 2, 22, 59)).is_due  # 15 h 59 min of shifts − 1 h stopped
    clock.move_to(monday_end)
    assert len(generate_due_tickets()) == 1 and generate_due_tickets() == []


def test_produced_units(plan, clock, works):
    plan.trigger = PreventivePlan.Trigger.PRODUCED_UNITS
    plan.interval = 500
    plan.save()
    f = plan.machine.line.facility
    assert due_of(plan, local(f, 2026, 11, 20, 12)).progress == 0
    assert not due_of(plan, local(f, 2026, 11, 20, 12)).is_due
