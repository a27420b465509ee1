""""Quantity short" counts what left the order's last stage, never OUT added up across the work centers it passed."""

import pytest

from portal.testing.factories import UserFactory
from production.services import record_movement
from scheduling.planning.models import PlanException, PlanningOrder
from scheduling.planning.services.exceptions import detect_exceptions
from scheduling.planning.services.schedule import schedule_order

from .conftest import MAR2, at, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(scenario):
    return UserFactory(roles=["Production_Operator"], lines=[scenario["l1"], scenario["l2"]])


def _done(order):
    PlanningOrder.objects.filter(pk=order.pk).update(state=PlanningOrder.State.DONE)


def _out(operator, line, number, quantity):
    record_movement(user=operator, line=line, order_number=number, direction="IN", quantity=quantity,
                    at=at(MAR2, 7))
    record_movement(user=operator, line=line, order_number=number, direction="OUT", quantity=quantity,
                    at=at(MAR2, 8))


def _short(order):
    return PlanException.objects.filter(kind="quantity_short", order=order, state="open").first()


def test_100_ordered_with_60_out_of_each_of_two_work_centers_is_short(scenario, operator):
    order = make_order("Q1", scenario["facility"], scenario["routing"], 100, MAR2)
    schedule_order(order, at(MAR2, 6))
    _out(operator, scenario["l1"], "Q1", 60)  # cutting
    _out(operator, scenario["l2"], "Q1", 60)  # welding, the last stage
    _done(order)
    detect_exceptions(scenario["facility"], MAR2)
    assert "60 of 100" in _short(order).detail


def test_the_last_stage_decides_whatever_the_earlier_ones_made(scenario, operator):
    order = make_order("Q2", scenario["facility"], scenario["routing"], 100, MAR2)
    schedule_order(order, at(MAR2, 6))
    _out(operator, scenario["l1"], "Q2", 100)
    _out(operator, scenario["l2"], "Q2", 100)
    _done(order)
    detect_exceptions(scenario["facility"], MAR2)
    assert _short(order) is None


def test_an_order_without_a_plan_counts_the_work_center_that_let_out_fewest(scenario, operator):
    order = make_order("Q3", scenario["facility"], scenario["routing"], 100, MAR2)
    _out(operator, scenario["l1"], "Q3", 100)
    _out(operator, scenario["l2"], "Q3", 70)
    _done(order)
    detect_exceptions(scenario["facility"], MAR2)
    assert "70 of 100" in _short(order).detail
