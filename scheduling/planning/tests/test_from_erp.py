"""Planning orders from an open ERP sales order line or job: the figures copied, refusals with their message, no
duplicate, page access by role, and the ERP left as it was."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from erp.models import Job, SalesOrderLine
from erp.models.base import ErpWriteRefused
from scheduling.planning.models import Operation, PlanningOrder
from scheduling.planning.services.from_erp import create_order_from_erp
from scheduling.planning.services.orders import OrderRefused

pytestmark = pytest.mark.django_db(databases=["default", "erp"])

LINE = {"id": 9001, "sales_order_id": "SO-77", "line_number": 2, "customer_id": "C-ACME", "part_id": "FG-BRK",
        "quantity_ordered": Decimal("400.0000"), "quantity_shipped": Decimal("150.5000"),
        "due_date": dt.date(2026, 3, 20), "unit_price": Decimal("3.5"), "order_type": "STANDARD",
        "facility": "CHI", "status": "OPEN"}
JOB = {"job_number": "J-500", "part_id": "FG-BRK", "sales_order_id": None, "sales_order_line_id": None,
       "quantity_required": Decimal(300), "quantity_completed": Decimal(120), "status": "RELEASED",
       "facility": "CHI", "line_code": "WC1", "created_date": dt.date(2026, 2, 1), "due_date": dt.date(2026, 3, 9)}


@pytest.fixture
def erp_scenario(scenario, erp_rows):
    scenario["facility"].erp_code = "CHI"
    scenario["facility"].save()
    lines = erp_rows(SalesOrderLine, [LINE, {**LINE, "id": 9002, "line_number": 3, "status": "CLOSED"}])
    jobs = erp_rows(Job, [JOB, {**JOB, "job_number": "J-501", "status": "CLOSED"}])
    return {**scenario, "lines": lines, "jobs": jobs}


def test_created_from_an_so_line_with_its_figures_and_scheduled(erp_scenario):
    start = dt.datetime(2026, 3, 2, 6)  # local time of the facility (Chicago)
    order = create_order_from_erp(routing=erp_scenario["routing"], so_line_id=9001, schedule_start=start)
    item = order.items.get()
    assert (item.product, item.quantity, item.so_line_id) == ("FG-BRK", 250, 9001)  # 249.5 open, rounded up
    assert (order.due_date, order.erp_reference, order.source) == (dt.date(2026, 3, 20), "SO-77/2", "erp")
    assert order.customer == "C-ACME" and order.facility == erp_scenario["facility"]
    assert Operation.objects.filter(order=order).count() == 2
    first = Operation.objects.filter(order=order).order_by("sequence").first()
    # read as 06:00 Chicago; the scenario's order B holds laser LZ2 until 09:30, the first free slot
    local = first.planned_start.astimezone(erp_scenario["facility"].tzinfo)
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 3, 2), 9, 30)


def test_created_from_a_job(erp_scenario):
    order = create_order_from_erp(routing=erp_scenario["routing"], job_number="j-500")
    assert order.number == "J-500" and order.erp_reference == "J-500" and order.due_date == dt.date(2026, 3, 9)
    assert order.items.get().quantity == 180


@pytest.mark.parametrize("kwargs, message", [
    ({"so_line_id": 1234}, "The ERP has no sales order line 1234."),
    ({"so_line_id": 9002}, "Sales order line SO-77/3 is closed in the ERP."),
    ({"job_number": "NOPE"}, "The ERP has no job NOPE."),
    ({"job_number": "J-501"}, "Job J-501 is closed in the ERP."),
])
def test_unknown_or_closed_is_refused_with_a_message(erp_scenario, kwargs, message):
    before = PlanningOrder.objects.count()
    with pytest.raises(OrderRefused) as refused:
        create_order_from_erp(routing=erp_scenario["routing"], **kwargs)
    assert refused.value.message == message
    assert PlanningOrder.objects.count() == before


def test_a_second_order_for_the_same_line_or_job_is_refused(erp_scenario):
    routing = erp_scenario["routing"]
    first = create_order_from_erp(routing=routing, so_line_id=9001)
    with pytest.raises(OrderRefused, match=f"Order {first.number} already plans SO-77/2"):
        create_order_from_erp(routing=routing, so_line_id=9001)
    create_order_from_erp(routing=routing, job_number="J-500")
    with pytest.raises(OrderRefused, match="already plans J-500"):
        create_order_from_erp(routing=routing, job_number="J-500")
    first.state = PlanningOrder.State.CANCELLED  # a cancelled order no longer blocks a new one
    first.save()
    assert create_order_from_erp(routing=routing, so_line_id=9001).number == "SO-77-2-2"


def test_page_lists_creates_and_refuses_by_role(erp_scenario, client_for):
    url = reverse("planning:order-from-erp")
    assert client_for("Scheduling_User").get(url).status_code == 403
    planner = client_for("Planner")
    page = planner.get(url, {"q": "SO-77"})
    assert page.status_code == 200 and 'value="line:9001"' in page.content.decode()
    assert 'value="line:9002"' not in page.content.decode()  # closed lines are not offered
    done = planner.post(url, {"routing": erp_scenario["routing"].pk, "priority": 2, "pick": "line:9001"})
    order = PlanningOrder.objects.get(erp_reference="SO-77/2")
    assert done.status_code == 302 and done["Location"] == order.get_absolute_url() and order.priority == 2
    again = planner.post(url, {"routing": erp_scenario["routing"].pk, "priority": 2, "pick": "line:9001"},
                         follow=True)
    assert "already plans SO-77/2" in again.content.decode()
    typed = planner.post(url, {"routing": erp_scenario["routing"].pk, "priority": 3, "job_number": "J-500"})
    assert typed.status_code == 302 and PlanningOrder.objects.filter(erp_reference="J-500").exists()


def test_the_erp_is_never_written(erp_scenario):
    before = list(SalesOrderLine.objects.filter(pk=9001).values())
    create_order_from_erp(routing=erp_scenario["routing"], so_line_id=9001)
    assert list(SalesOrderLine.objects.filter(pk=9001).values()) == before
    line = SalesOrderLine.objects.get(pk=9001)
    with pytest.raises(ErpWriteRefused):  # the unmanaged ERP models refuse writes
        line.save()


def test_the_api_plans_from_the_erp_and_refuses_with_409(erp_scenario, client_for):
    url = "/api/planning/orders/from-erp/"
    family = erp_scenario["routing"].product_family
    assert client_for("Scheduling_User").post(url, {"product_family": family, "job": "J-500"},
                                              content_type="application/json").status_code == 403
    planner = client_for("Planner")
    made = planner.post(url, {"product_family": family, "so_line": 9001,
                              "schedule_start": "2026-03-02T06:00:00-06:00"}, content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["erp_reference"], body["source"], body["items"][0]["quantity"]) == ("SO-77/2", "erp", 250)
    assert len(body["stages"]) == 2
    again = planner.post(url, {"product_family": family, "so_line": 9001}, content_type="application/json")
    assert again.status_code == 409 and again.json()["detail"] == f"Order {body['number']} already plans SO-77/2."
    closed = planner.post(url, {"product_family": family, "job": "J-501"}, content_type="application/json")
    assert closed.status_code == 409 and closed.json()["detail"] == "Job J-501 is closed in the ERP."
    before = PlanningOrder.objects.count()
    both = planner.post(url, {"product_family": family, "job": "J-500", "so_line": 9001},
                        content_type="application/json")
    assert both.status_code == 400 and "either so_line or job" in both.content.decode()
    assert PlanningOrder.objects.count() == before
