"""Demo data of the Maintenance module (called by ``manage.py portal_demo``; safe to re-run)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def build_demo() -> None:
    from django.contrib.auth import get_user_model

    from downtime.models import Category
    from maintenance.models import PlanStep, PreventivePlan, Priority, Ticket
    from maintenance.services import open_ticket
    from maintenance.services.preventive import generate_due_tickets
    from portal.models import Machine
    from portal.workflow import apply_transition

    if Ticket.objects.exists():
        return
    machines = list(Machine.objects.filter(active=True).select_related("line").order_by("pk")[:6])
    if not machines:
        return
    # A breakdown calls maintenance; a jam or a sensor fault the operator clears does not.
    Category.objects.filter(parent__name="Mechanical", name="Breakdown").update(opens_maintenance_ticket=True)
    users = get_user_model().objects
    tech = users.filter(username="demo_technician").first()
    reporter = users.filter(username="demo_operator").first()
    priorities = {p.rank: p for p in Priority.objects.all()}
    now = timezone.now()
    problems = [("Hydraulic leak under the ram", 1), ("Conveyor belt slipping", 2), ("Guard switch intermittent", 3),
                ("Noisy bearing on the spindle", 3), ("Welder does not strike an arc", 2), ("Loose panel", 4)]
    for n, (machine, (problem, rank)) in enumerate(zip(machines, problems, strict=False)):
        ticket, _ = open_ticket(line=machine.line, machine=machine, problem=problem, priority=priorities.get(rank),
                                reported_by=reporter, opened_at=now - dt.timedelta(hours=6 + 20 * n))
        if tech and n % 2 == 0:
            ticket = apply_transition(ticket, "start", tech)
            if n % 4 == 0:
                apply_transition(ticket, "finish", tech, resolution="Replaced the worn part and tested.")
    for machine in machines[:3]:
        plan, created = PreventivePlan.objects.get_or_create(
            machine=machine, name="Monthly lubrication", defaults={
                "name_es": "Lubricación mensual", "interval": 30, "priority": priorities.get(3),
                "start_date": timezone.localdate() - dt.timedelta(days=2)})
        if created:
            for order, (text, text_es) in enumerate([("Grease the guides", "Engrasar las guías"),
                                                     ("Check the oil level", "Revisar el nivel de aceite"),
                                                     ("Test the emergency stop", "Probar el paro de emergencia")]):
                PlanStep.objects.create(plan=plan, order=order, text=text, text_es=text_es)
    generate_due_tickets()
