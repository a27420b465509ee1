"""The planning pages as a planner sees them: dashboard, orders, detail with workflow, timeline with server-checked
moves, utilization, exceptions, the import (preview with row errors, nothing written, then all rows)."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduling.planning.models import Operation, PlanException, PlanningOrder, Reallocation
from scheduling.planning.services.exceptions import detect_exceptions

from .conftest import MAR2, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(client_for):
    return client_for("Planner")


def test_dashboard_shows_states_today_and_late_orders(scenario, planner):
    page = planner.get(reverse("planning:dashboard"), {"facility": "MAIN"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="planned">2<' in html
    assert 'id="late-count">1<' in html and ">B<" in html


def test_timeline_renders_the_window_bars_with_conflicts_flagged(scenario, planner):
    page = planner.get(reverse("planning:gantt"), {"facility": "MAIN", "start": "2026-03-02", "days": "7"})
    html = page.content.decode()
    assert html.count('class="gantt-bar') == 4
    assert "conflict" not in html.split('id="gantt"')[1].split("</div>")[0]
    outside = planner.get(reverse("planning:gantt"), {"facility": "MAIN", "start": "2026-04-06", "days": "7"})
    assert outside.content.decode().count('class="gantt-bar') == 0


def test_move_by_drag_is_validated_on_the_server(scenario, planner):
    weld = Operation.objects.get(order=scenario["b"], stage="welding")
    url = reverse("planning:move", args=[weld.pk])
    refused = planner.post(url, {"start": "2026-03-02T17:00", "resource": f"l{scenario['l2'].pk}"},
                           HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and "busy with A" in refused.json()["message"]
    done = planner.post(url, {"start": "2026-03-03T06:00", "resource": f"l{scenario['l2'].pk}"},
                        HTTP_ACCEPT="application/json")
    assert done.json() == {"ok": True, "message": "Stage moved."}
    weld.refresh_from_db()
    assert weld.planned_start == dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC)  # 06:00 Chicago (CST)


def test_reallocation_from_the_order_page_needs_a_justification(scenario, planner):
    cut = Operation.objects.get(order=scenario["b"], stage="cutting")
    url = reverse("planning:move", args=[cut.pk])
    page = planner.post(url, {"start": "2026-03-02T10:00", "machine": scenario["lz1"].pk}, follow=True)
    assert "needs a justification" in page.content.decode()
    planner.post(url, {"start": "2026-03-02T10:00", "machine": scenario["lz1"].pk, "justification": "LZ2 down"})
    assert Reallocation.objects.get().to_machine == scenario["lz1"]


def test_malformed_move_answers_a_message_not_a_500(scenario, planner):
    cut = Operation.objects.get(order=scenario["b"], stage="cutting")
    url = reverse("planning:move", args=[cut.pk])
    for data in ({"start": "tomorrow"}, {"start": "2026-03-02T10:00", "machine": "x"},
                 {"start": "2026-03-02T10:00", "resource": "m999999"}):
        answer = planner.post(url, data, HTTP_ACCEPT="application/json")
        assert answer.status_code == 409 and answer.json()["message"]


def test_a_viewer_without_plan_permission_cannot_move(scenario, client_for):
    cut = Operation.objects.get(order=scenario["b"], stage="cutting")
    client = client_for("Scheduling_User")
    assert client.post(reverse("planning:move", args=[cut.pk]), {"start": "2026-03-02T10:00"}).status_code == 403


def test_order_detail_workflow_release_through_the_panel(scenario, planner):
    order = scenario["a"]
    page = planner.get(order.get_absolute_url())
    assert page.status_code == 200 and "Release to the floor" in page.content.decode()
    planner.post(reverse("planning:order-workflow", args=[order.pk, "release"]))
    order.refresh_from_db()
    assert order.state == "released"


def test_utilization_marks_the_over_capacity_day(scenario, planner):
    page = planner.get(reverse("planning:utilization"), {"facility": "MAIN", "first": "2026-03-02",
                                                          "last": "2026-03-03"})
    html = page.content.decode()
    assert 'over-capacity" data-day="2026-03-02" data-planned="600"' in html
    assert html.count("over-capacity\"") == 1


def test_exception_list_detail_assign_and_resolve(scenario, planner, role_user):
    detect_exceptions(scenario["facility"], today=MAR2)
    late = PlanException.objects.get(kind="late")
    listing = planner.get(reverse("planning:exceptions"))
    assert "Late against plan" in listing.content.decode()
    other = role_user("Planning_Admin")
    planner.post(reverse("planning:exception-assign", args=[late.pk]), {"assignee": other.pk})
    late.refresh_from_db()
    assert late.assignee == other
    planner.post(reverse("planning:exception-workflow", args=[late.pk, "resolve"]),
                 {"resolve-resolution_reason": "Customer agreed"})
    late.refresh_from_db()
    assert (late.state, late.resolution_reason) == ("resolved", "Customer agreed")


def test_list_pages_have_a_bounded_query_count(scenario, planner):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert planner.get(url).status_code == 200
        return len(queries)

    urls = [reverse("planning:orders"), reverse("planning:exceptions"), reverse("planning:dashboard"),
            reverse("planning:gantt") + "?start=2026-03-02", reverse("planning:utilization") + "?first=2026-03-02"]
    detect_exceptions(scenario["facility"], today=MAR2)  # a few rows everywhere (and a notification) first
    few = [count(u) for u in urls]
    for n in range(30):
        make_order(f"X{n}", scenario["facility"], scenario["routing"], 10, MAR2)
    from scheduling.planning.services.schedule import schedule_order

    for order in PlanningOrder.objects.filter(number__startswith="X"):
        schedule_order(order, dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC))
    detect_exceptions(scenario["facility"], today=MAR2)
    assert [count(u) for u in urls] == few


def _csv(rows):
    head = "number,facility,product_family,customer,priority,due_date,product,quantity\n"
    return io.BytesIO((head + "".join(rows)).encode())


def test_import_preview_shows_the_bad_row_and_writes_nothing_then_imports(scenario, planner):
    url = reverse("planning:order-import")
    bad = _csv(["N1,MAIN,BRACKET,Acme,2,2026-03-10,P1,100\n", "N2,MAIN,NOSUCH,Acme,2,2026-03-11,P2,abc\n"])
    bad.name = "orders.csv"
    page = planner.post(url, {"import_file": bad})
    html = page.content.decode()
    assert "NOSUCH" in html and "not a number" in html
    assert not PlanningOrder.objects.filter(number__in=["N1", "N2"]).exists()
    good = _csv(["N1,MAIN,BRACKET,Acme,2,2026-03-10,P1,100\n", "N2,MAIN,BRACKET,Acme,2,2026-03-11,P2,50\n"])
    good.name = "orders.csv"
    preview = planner.post(url, {"import_file": good})
    token = preview.context["token"]
    assert token
    planner.post(url, {"token": token, "format": "csv"})
    n2 = PlanningOrder.objects.get(number="N2")
    assert (n2.source, n2.items.get().quantity) == ("import", 50)


def test_d365_export_headers_are_mapped(scenario, planner):
    url = reverse("planning:order-import")
    data = io.BytesIO(b"Production order,Site,Item group,Customer account,Delivery date,Item number,Quantity\n"
                       b"D1,MAIN,BRACKET,C-100,2026-03-12,P9,25\n")
    data.name = "d365.csv"
    preview = planner.post(url, {"import_file": data})
    planner.post(url, {"token": preview.context["token"], "format": "csv"})
    order = PlanningOrder.objects.get(number="D1")
    assert (order.customer, order.items.get().product) == ("C-100", "P9")


def test_new_order_by_hand_then_schedule(scenario, planner):
    page = planner.post(reverse("planning:order-new"), {
        "number": "H1", "facility": scenario["facility"].pk, "routing": scenario["routing"].pk, "priority": 1,
        "due_date": "2026-03-20", "product": "P1", "quantity": 100})
    order = PlanningOrder.objects.get(number="H1")
    assert page.url == order.get_absolute_url()
    planner.post(reverse("planning:order-schedule", args=[order.pk]), {"start": "2026-03-05T06:00"})
    assert order.operations.count() == 2
    dup = planner.post(reverse("planning:order-new"), {
        "number": "H1", "facility": scenario["facility"].pk, "routing": scenario["routing"].pk, "priority": 1,
        "due_date": "2026-03-20", "product": "P1", "quantity": 100})
    assert "exists already" in dup.content.decode()


def test_a_move_to_the_hour_the_spring_clock_change_skips_is_refused_with_a_message(scenario, planner):
    """02:30 on 8 March 2026 does not exist in Chicago: refused as the downtime form refuses it, nothing moves."""
    weld = Operation.objects.get(order=scenario["b"], stage="welding")
    before = weld.planned_start
    answer = planner.post(reverse("planning:move", args=[weld.pk]), {"start": "2026-03-08T02:30"},
                          HTTP_ACCEPT="application/json")
    assert answer.status_code == 409
    assert "2026-03-08 02:30 does not exist in America/Chicago" in answer.json()["message"]
    weld.refresh_from_db()
    assert weld.planned_start == before


def test_the_timeline_fits_its_window_to_the_work_with_a_legend_and_print(scenario, planner):
    # the scenario's work runs Mon 2 March 06:00 to Tue 3 March 09:00: two days, from the Sunday asked for
    page = planner.get(reverse("planning:gantt"), {"facility": "MAIN", "start": "2026-03-01"})
    html = page.content.decode()
    assert page.context["first"] == MAR2 and page.context["window_days"] == 2
    lefts = [float(x) for x in re.findall(r'data-left="([\d.]+)"', html)]
    assert max(lefts) == 37.5  # B's welding from Monday 18:00: 18 h into a 48 h window (in 7 days it was 10.7 %)
    assert 'id="gantt-legend"' in html and 'id="gantt-print"' in html
    chosen = planner.get(reverse("planning:gantt"), {"facility": "MAIN", "start": "2026-03-02", "days": "14"})
    assert chosen.context["window_days"] == 14  # a window the planner chose stays
