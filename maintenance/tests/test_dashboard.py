"""The maintenance dashboard: SLA compliance hand-computed, open tickets by priority and age, plans due, and the
same number of queries for few and many tickets."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maintenance.models import PreventivePlan, Ticket
from maintenance.services import dashboard, open_ticket


def _closed(works, state, responded, response_due, finished, resolution_due):
    ticket, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Leak",
                            priority=works["priorities"]["High"])
    Ticket.objects.filter(pk=ticket.pk).update(state=state, responded_at=responded, response_due=response_due,
                                               finished_at=finished, resolution_due=resolution_due)
    return ticket


def test_sla_compliance_hand_computed(works):
    day = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    h = lambda n: day + dt.timedelta(hours=n)  # noqa: E731
    _closed(works, "done", h(9), h(10), h(13), h(14))       # response met, resolution met
    _closed(works, "verified", h(11), h(10), h(13), h(14))  # response missed, resolution met
    _closed(works, "done", h(9), h(10), h(15), h(14))       # response met, resolution missed
    _closed(works, "done", h(10), h(10), h(16), h(14))      # response met (on the minute), resolution missed
    _closed(works, "cancelled", h(9), h(10), h(13), h(14))  # cancelled: not counted
    _closed(works, "done", h(-300), h(-299), h(-298), h(-200))  # finished before the period: not counted
    figures = dashboard.sla_compliance(day - dt.timedelta(days=7), day + dt.timedelta(days=1))
    assert figures.closed == 4
    assert (figures.response_met, figures.response_measured, figures.response_pct) == (3, 4, 75.0)
    assert (figures.resolution_met, figures.resolution_measured, figures.resolution_pct) == (2, 4, 50.0)


def test_open_tickets_by_priority_and_age(works):
    now = timezone.now()
    for days, priority in ((0, "Critical"), (2, "High"), (2, "High"), (5, "Low"), (10, "Low")):
        open_ticket(line=works["press_line"], problem="x", priority=works["priorities"][priority],
                    opened_at=now - dt.timedelta(days=days, hours=1))
    done, _ = open_ticket(line=works["press_line"], problem="old", priority=works["priorities"]["Low"])
    Ticket.objects.filter(pk=done.pk).update(state="done")
    by_priority = {p.name: p.open_count for p in dashboard.open_by_priority()}
    assert by_priority == {"Critical": 1, "High": 2, "Normal": 0, "Low": 2}
    assert dashboard.open_by_age(now) == {"lt1": 1, "1to3": 2, "3to7": 1, "gt7": 1}


def test_plans_due_this_week(works):
    today = timezone.localdate(timezone.now(), works["facility"].tzinfo)
    kwargs = {"machine": works["press"], "priority": works["priorities"]["Normal"]}
    soon = PreventivePlan.objects.create(name="Grease", trigger="fixed_dates", interval=30,
                                         start_date=today + dt.timedelta(days=3), **kwargs)
    PreventivePlan.objects.create(name="Overhaul", trigger="fixed_dates", interval=90,
                                  start_date=today + dt.timedelta(days=20), **kwargs)
    assert [(p.pk, d) for p, d in dashboard.plans_due_this_week(timezone.now())] == [
        (soon.pk, today + dt.timedelta(days=3))]


def _page_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("maintenance:dashboard"))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_dashboard_page_bounded_queries(client, works, maintenance_admin):
    client.force_login(maintenance_admin)
    now = timezone.now()

    def add(n):
        for i in range(n):
            machine = works["welders"][i % 2]
            ticket, _ = open_ticket(line=machine.line, machine=machine, problem=f"P{i}",
                                    priority=works["priorities"]["High"], opened_at=now - dt.timedelta(days=i))
            if i % 2:
                Ticket.objects.filter(pk=ticket.pk).update(
                    state="done", responded_at=ticket.opened_at, finished_at=now - dt.timedelta(hours=1),
                    repair_minutes=60)

    add(2)
    few, _ = _page_queries(client)
    add(30)
    many, page = _page_queries(client)
    assert few == many
    assert "WELD-1" in page and "SLA compliance" in page


def test_the_dashboard_counts_only_the_readers_lines(client, works):
    """Issue 32: the maintenance dashboard is scoped like every floor page (portal.services.scoping)."""
    from portal.testing.factories import DepartmentFactory, FacilityFactory, UserFactory

    press, welder = works["press"], works["welders"][0]
    press.line.facility = FacilityFactory(code="PRS", time_zone="America/Chicago")  # a plant of its own
    press.line.save()
    for machine in (press, welder, welder):
        open_ticket(line=machine.line, machine=machine, problem="Leak", priority=works["priorities"]["High"])
    pressing = DepartmentFactory(name="Pressing")
    pressing.lines.add(press.line)
    lead = UserFactory(username="presslead", roles=["Maintenance_Admin"])  # plant-wide: its facility's lines
    lead.departments.add(pressing)
    client.force_login(lead)
    context = client.get(reverse("maintenance:dashboard")).context
    assert {p.name: p.open_count for p in context["priorities"]}["High"] == 1
    assert sum(context["ages"].values()) == 1
    client.force_login(UserFactory(username="plantwide", roles=["Maintenance_Admin"]))  # no department: all lines
    assert {p.name: p.open_count for p in client.get(reverse("maintenance:dashboard")).context["priorities"]}[
        "High"] == 3
