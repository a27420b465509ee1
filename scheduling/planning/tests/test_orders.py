"""Creating a planning order: one service (planning.services.orders.create_order) behind the new-order page, the
API, the import and plan-from-ERP, so an order that is already planned is refused the same way everywhere."""

import io

import pytest
from django.urls import reverse

from portal.workflow.services import apply_transition
from scheduling.planning.models import PlanningOrder
from scheduling.planning.services.orders import OrderRefused, create_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(scenario):
    """Order P1 plans ERP reference SO-9/1 and sales order line 4242."""
    return create_order(number="P1", facility=scenario["facility"], routing=scenario["routing"],
                        due_date=scenario["a"].due_date, erp_reference="SO-9/1",
                        items=[{"product": "FG-1", "quantity": 10, "so_line_id": 4242}])


def test_the_service_refuses_what_an_open_order_plans_and_writes_nothing(scenario, planned, role_user):
    before = PlanningOrder.objects.count()
    common = {"facility": scenario["facility"], "routing": scenario["routing"], "due_date": planned.due_date}
    with pytest.raises(OrderRefused, match="Order P1 already plans SO-9/1") as by_reference:
        create_order(number="P2", erp_reference="SO-9/1", items=[{"product": "FG-1", "quantity": 1}], **common)
    assert by_reference.value.field == "erp_reference"
    with pytest.raises(OrderRefused, match="Order P1 already plans 4242"):
        create_order(number="P2", items=[{"product": "FG-1", "quantity": 1, "so_line_id": 4242}], **common)
    with pytest.raises(OrderRefused, match="exists already"):
        create_order(number="P1", items=[{"product": "FG-1", "quantity": 1}], **common)
    with pytest.raises(OrderRefused, match="at least one item"):
        create_order(number="P2", items=[], **common)
    assert PlanningOrder.objects.count() == before
    # A cancelled order plans nothing any more.
    apply_transition(planned, "cancel", role_user("Planner"), cancel_reason="customer withdrew")
    again = create_order(number="P2", erp_reference="SO-9/1", items=[{"product": "FG-1", "quantity": 1}], **common)
    assert again.items.get().quantity == 1


def test_already_planned_is_refused_the_same_way_by_the_page_the_api_and_the_import(scenario, planned,
                                                                                    client_for):
    planner = client_for("Planner")
    before = PlanningOrder.objects.count()
    message = "Order P1 already plans SO-9/1."

    page = planner.post(reverse("planning:order-new"), {
        "number": "H1", "facility": scenario["facility"].pk, "routing": scenario["routing"].pk, "priority": 1,
        "due_date": "2026-03-20", "product": "P1", "quantity": 100, "erp_reference": "SO-9/1"})
    assert page.status_code == 200 and message in page.content.decode()

    api = planner.post("/api/planning/orders/", {
        "number": "R1", "facility": "MAIN", "product_family": "BRACKET", "due_date": "2026-03-09",
        "erp_reference": "SO-9/1", "items": [{"product": "P1", "quantity": 10}]}, content_type="application/json")
    assert api.status_code == 409 and api.json()["detail"] == message

    upload = io.BytesIO(b"number,facility,product_family,priority,due_date,product,quantity,erp_reference\n"
                        b"N1,MAIN,BRACKET,2,2026-03-10,P1,100,SO-9/1\n")
    upload.name = "orders.csv"
    preview = planner.post(reverse("planning:order-import"), {"import_file": upload})
    assert message in preview.content.decode() and not preview.context.get("token")

    assert PlanningOrder.objects.count() == before


def test_two_import_rows_planning_the_same_line_are_refused_all_or_nothing(scenario, client_for):
    planner = client_for("Planner")
    upload = io.BytesIO(b"number,facility,product_family,due_date,product,quantity,so_line_id\n"
                        b"N1,MAIN,BRACKET,2026-03-10,P1,100,777\n"
                        b"N2,MAIN,BRACKET,2026-03-11,P1,50,777\n")
    upload.name = "orders.csv"
    preview = planner.post(reverse("planning:order-import"), {"import_file": upload})
    assert "Order N1 already plans 777." in preview.content.decode()
    assert not PlanningOrder.objects.filter(number__in=["N1", "N2"]).exists()
