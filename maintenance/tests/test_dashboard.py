"""The maintenance dashboard: SLA compliance hand-computed, open tickets by priority and age, plans due, and the
same number of queries for few and many tickets."""

import datetime as dt

import pytest
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
    assert dashboard.open_by_age(now) == {"lt1": 1, "1to3": 2, "3to7": 1, "7to30": 1, "gt30": 0}
    rows = {row.priority.name: row.counts for row in dashboard.open_by_age_and_priority(now)}
    assert rows == {"Critical": (1, 0, 0, 0, 0), "High": (0, 2, 0, 0, 0), "Normal": (0, 0, 0, 0, 0),
                    "Low": (0, 0, 1, 1, 0)}


def test_plans_due_this_week(works):
    today = timezone.localdate(timezone.now(), works["facility"].tzinfo)
    kwargs = {"machine": works["press"], "priority": works["priorities"]["Normal"]}
    soon = PreventivePlan.objects.create(name="Grease", trigger="fixed_dates", interval=30,
                                         start_date=today + dt.timedelta(days=3), **kwargs)
    PreventivePlan.objects.create(name="Overhaul", trigger="fixed_dates", interval=90,
                                  start_date=today + dt.timedelta(days=20), **kwargs)
    assert [(d.plan.pk, d.due, d.overdue) for d in dashboard.plans_due_this_week(timezone.now())] == [
        (soon.pk, today + dt.timedelta(days=3), False)]


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

    today = timezone.localdate(now, works["facility"].tzinfo)
    for machine, start in ((works["press"], today - dt.timedelta(days=3)), (works["welders"][0], today)):
        PreventivePlan.objects.create(name="Grease", trigger="fixed_dates", interval=30, machine=machine,
                                      priority=works["priorities"]["Normal"], start_date=start)
    add(2)
    few, _ = _page_queries(client)
    add(30)
    for machine in (works["welders"][1], works["press"]):  # more plans, one overdue: no query per plan
        PreventivePlan.objects.create(name="Belts", trigger="fixed_dates", interval=30, machine=machine,
                                      priority=works["priorities"]["Normal"], start_date=today - dt.timedelta(days=1))
    many, page = _page_queries(client)
    assert few == many
    assert page.count("plan-overdue") == 3
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


# issue 34: charts a manager would rather look at; overdue plans; MTBF over a chosen period


def _finish(works, finished, resolution_due, responded=None, response_due=None, machine=None):
    machine = machine or works["press"]
    ticket, _ = open_ticket(line=machine.line, machine=machine, problem="Leak", priority=works["priorities"]["High"],
                            opened_at=finished - dt.timedelta(hours=5))
    Ticket.objects.filter(pk=ticket.pk).update(state="done", finished_at=finished, resolution_due=resolution_due,
                                               responded_at=responded, response_due=response_due)
    return ticket


def test_sla_trend_per_week_in_the_plants_zone(works):
    chicago = works["facility"].tzinfo
    now = dt.datetime(2026, 11, 25, 18, tzinfo=chicago)  # a Wednesday
    monday = dt.datetime(2026, 11, 23, tzinfo=chicago)
    # Sunday 22:00 in Chicago is Monday 04:00 UTC: it belongs to the week before, as the plant lived it
    sunday_night = monday - dt.timedelta(hours=2)
    _finish(works, sunday_night, sunday_night + dt.timedelta(hours=1))                     # met, last week
    _finish(works, monday + dt.timedelta(hours=9), monday + dt.timedelta(hours=8),        # missed, this week
            responded=monday, response_due=monday + dt.timedelta(hours=1))               # response met
    _finish(works, monday + dt.timedelta(hours=10), monday + dt.timedelta(hours=12))      # met, this week
    _finish(works, monday - dt.timedelta(weeks=5), monday)                                # before the 4 weeks
    trend = dashboard.sla_trend(now.astimezone(dt.UTC), 4, zone=works["facility"])
    assert [p.first for p in trend] == [dt.date(2026, 11, d) for d in (2, 9, 16, 23)]
    assert all(p.last - p.first == dt.timedelta(days=6) for p in trend)
    assert [(p.closed, p.resolution_met, p.resolution_measured) for p in trend] == [
        (0, 0, 0), (0, 0, 0), (1, 1, 1), (2, 1, 2)]
    assert trend[-1].resolution_pct == 50.0 and trend[-1].response_pct == 100.0
    assert trend[0].resolution_pct is None  # no ticket closed: no figure, not 0 %


def test_sla_trend_goes_monthly_over_a_long_period():
    periods = dashboard.trend_periods(dt.date(2026, 12, 7), 52)
    assert len(periods) == 12
    assert periods[0] == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert periods[-1] == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert periods[1] == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_plans_past_due_are_overdue_and_first(works):
    """Three monthly lubrication plans two days late are overdue by 2 days, listed before those due this week."""
    now = timezone.now()
    today = timezone.localdate(now, works["facility"].tzinfo)
    kwargs = {"priority": works["priorities"]["Normal"], "interval": 30}
    late = []
    for machine in (works["press"], *works["welders"]):
        plan = PreventivePlan.objects.create(name="Monthly lubrication", trigger="days_since_done",
                                             machine=machine, start_date=today - dt.timedelta(days=40), **kwargs)
        PreventivePlan.objects.filter(pk=plan.pk).update(
            last_completed_at=now - dt.timedelta(days=32))
        late.append(plan.pk)
    soon = PreventivePlan.objects.create(name="Filters", trigger="fixed_dates", machine=works["press"],
                                         start_date=today + dt.timedelta(days=2), **kwargs)
    # a fixed-dates plan whose slot came 3 days ago and whose ticket is still open: overdue by 3 days
    behind = PreventivePlan.objects.create(name="Belts", trigger="fixed_dates", machine=works["press"],
                                           start_date=today - dt.timedelta(days=3), **kwargs)
    # the same, its ticket done: its next slot is a month away, not listed
    done = PreventivePlan.objects.create(name="Chains", trigger="fixed_dates", machine=works["press"],
                                         start_date=today - dt.timedelta(days=3), **kwargs)
    slot = f"d:{(today - dt.timedelta(days=3)).isoformat()}"
    for plan, state in ((behind, "open"), (done, "done")):
        ticket, _ = open_ticket(line=plan.machine.line, machine=plan.machine, kind="preventive", source="plan",
                                priority=plan.priority, problem=plan.name, plan=plan, slot=slot)
        Ticket.objects.filter(pk=ticket.pk).update(state=state)
    listed = [(d.plan.pk, d.overdue_days) for d in dashboard.plans_due_this_week(now)]
    assert listed[0] == (behind.pk, 3)
    assert sorted(listed[1:4]) == sorted((pk, 2) for pk in late)
    assert listed[4:] == [(soon.pk, 0)]


def _one_failure_and_three(works, now):
    press, welder = works["press"], works["welders"][0]
    open_ticket(line=press.line, machine=press, problem="Jam", priority=works["priorities"]["High"],
                opened_at=now - dt.timedelta(days=10))
    for days in (80, 50, 20):
        open_ticket(line=welder.line, machine=welder, problem="Arc", priority=works["priorities"]["High"],
                    opened_at=now - dt.timedelta(days=days))
    open_ticket(line=welder.line, machine=welder, problem="Arc", priority=works["priorities"]["High"],
                opened_at=now - dt.timedelta(days=200))  # before the default 90 days: not counted
    return press, welder


def test_mtbf_over_the_period_and_not_enough_failures(works):
    from maintenance.services.reliability import machine_reliability

    now = timezone.now()
    press, welder = _one_failure_and_three(works, now)
    start = now - dt.timedelta(days=90)
    one = machine_reliability(press, start, now)
    assert one.failures == 1 and one.mtbf_hours is None  # not 2,160 h from a single ticket
    assert one.mttr_hours is None  # nothing repaired
    three = machine_reliability(welder, start, now)
    assert three.failures == 3 and three.mtbf_hours == pytest.approx(90 * 24 / 3)
    longer = machine_reliability(welder, now - dt.timedelta(days=365), now)
    assert longer.failures == 4 and longer.mtbf_hours == pytest.approx(365 * 24 / 4)


def test_machine_page_and_dashboard_say_not_enough_failures(client, works, maintenance_admin):
    now = timezone.now()
    press, welder = _one_failure_and_three(works, now)
    client.force_login(maintenance_admin)
    page = client.get(reverse("maintenance:machine", args=[press.pk]))
    assert page.context["days"] == 90
    mtbf = page.content.decode().split('id="mtbf"')[1].split("</div>")[0]
    assert "Not enough failures" in mtbf and "No repairs" in page.content.decode()
    page = client.get(reverse("maintenance:machine", args=[welder.pk]))
    assert f"{90 * 24 / 3:.1f} h" in page.content.decode().split('id="mtbf"')[1].split("</div>")[0]
    page = client.get(reverse("maintenance:machine", args=[welder.pk]), {"days": 365})
    assert f"{365 * 24 / 4:.1f} h" in page.content.decode().split('id="mtbf"')[1].split("</div>")[0]
    board = client.get(reverse("maintenance:dashboard")).content.decode()
    row = board.split('id="machines"')[1].split("PRESS-1")[1].split("</tr>")[0]
    assert "Not enough failures" in row and "8760" not in row and "2160" not in row


def test_dashboard_shows_both_charts_with_their_tables_and_links(client, works, maintenance_admin):
    now = timezone.now()
    for n, days in enumerate((0, 2, 2, 12, 40)):
        open_ticket(line=works["press_line"], machine=works["press"], problem=f"aged-{n}-{days}d",
                    priority=works["priorities"]["High"], opened_at=now - dt.timedelta(days=days, hours=1))
    _finish(works, now - dt.timedelta(hours=2), now)
    client.force_login(maintenance_admin)
    response = client.get(reverse("maintenance:dashboard"), {"weeks": 4})
    page = response.content.decode()
    assert 'id="sla-chart"' in page and 'id="age-chart"' in page and 'id="maintenance-charts"' in page
    chart = response.context["chart"]
    assert len(chart["sla"]["labels"]) == 4 and chart["sla"]["resolution"][-1] == 100.0
    high = next(s for s in chart["ages"]["series"] if s["label"] == "High")
    assert high["counts"] == [1, 2, 0, 1, 1]
    # each figure links to the ticket list filtered to the same tickets
    listed = client.get(high["urls"][1]).content.decode()
    assert "aged-1-2d" in listed and "aged-2-2d" in listed
    assert "aged-0-0d" not in listed and "aged-3-12d" not in listed and "aged-4-40d" not in listed
    assert high["urls"][1] in page.replace("&amp;", "&")
    assert len(response.context["trend"]) == 4
    assert client.get(reverse("maintenance:dashboard"), {"weeks": 52}).context["monthly"]
    odd = client.get(reverse("maintenance:dashboard"), {"weeks": "7; drop", "days": "lots"})  # a hand-typed URL
    assert odd.status_code == 200 and odd.context["weeks"] == 13 and odd.context["days"] == 90


def test_the_age_filter_of_the_ticket_list(client, works, maintenance_admin):
    now = timezone.now()
    for days in (0, 2, 12, 40):
        open_ticket(line=works["press_line"], machine=works["press"], problem=f"age{days}",
                    priority=works["priorities"]["High"], opened_at=now - dt.timedelta(days=days, hours=1))
    client.force_login(maintenance_admin)
    page = client.get(reverse("maintenance:tickets"), {"age": "7to30", "status": "open"}).content.decode()
    assert "age12" in page and "age2<" not in page and "age40" not in page and "age0" not in page


def test_machine_page_marks_its_overdue_plan(client, works, maintenance_admin):
    now = timezone.now()
    today = timezone.localdate(now, works["facility"].tzinfo)
    late = PreventivePlan.objects.create(name="Monthly lubrication", trigger="days_since_done", interval=30,
                                         machine=works["press"], priority=works["priorities"]["Normal"],
                                         start_date=today - dt.timedelta(days=2))
    later = PreventivePlan.objects.create(name="Overhaul", trigger="fixed_dates", interval=90,
                                          machine=works["press"], priority=works["priorities"]["Normal"],
                                          start_date=today + dt.timedelta(days=20))
    client.force_login(maintenance_admin)
    page = client.get(reverse("maintenance:machine", args=[works["press"].pk])).content.decode()
    late_item = page.split(f'data-plan="{late.pk}"')[1].split("</li>")[0]
    later_item = page.split(f'data-plan="{later.pk}"')[1].split("</li>")[0]
    assert "Overdue by 2 days" in late_item
    assert "Overdue" not in later_item and "Due" in later_item
