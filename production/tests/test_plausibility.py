"""Plausible IN/OUT entries (issue 34): a quantity far above the order's is refused, one above it is confirmed with
one more tap (audited), an order number neither the ERP nor the plan knows is never created silently, and the API
asks for the same confirmation as an explicit field."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry

from erp.models import Job, Part
from portal.models import ProductionCapacity
from portal.testing.factories import ShiftFactory
from production.models import Movement, ProductionOrder

pytestmark = [pytest.mark.django_db(databases=["default", "erp"]), pytest.mark.usefixtures("plausibility")]
MOVEMENTS = "/api/production/movements/"


@pytest.fixture
def erp_job(erp_rows):
    erp_rows(Part, [{"part_number": "FG-9", "description": "Bracket", "part_type": "FG", "uom": "EA",
                     "unit_cost": D("1"), "unit_price": D("2"), "business_unit": "Metal"}])
    erp_rows(Job, [{"job_number": "J-500", "part": "FG-9", "facility": "CHI", "line_code": "WC001",
                    "quantity_required": D("500"), "quantity_completed": D("0"), "status": "RELEASED",
                    "created_date": "2026-01-05"}])


def _post(client, user, **values):
    client.force_login(user)
    body = {"line": values.pop("line").pk, "order_number": "J-500", "direction": "IN", "quantity": 5, **values}
    return client.post(MOVEMENTS, body, content_type="application/json")


def test_a_quantity_above_the_jobs_is_confirmed_with_one_more_tap_and_audited(client, shop, erp_job):
    op, wc = shop["operator"], shop["assembly"]
    asked = _post(client, op, line=wc, quantity=900, idempotency_key="a")
    assert asked.status_code == 409 and asked.json()["code"] == "needs_confirmation"
    assert "confirm_quantity" in asked.json()["needs_confirmation"]
    assert "order J-500 is for 500" in asked.json()["detail"]
    assert not Movement.objects.exists()
    confirmed = _post(client, op, line=wc, quantity=900, idempotency_key="a", confirm_quantity=True)
    assert confirmed.status_code == 201 and confirmed.json()["balance"] == 900
    movement = Movement.objects.get()
    entry = LogEntry.objects.get_for_object(movement).filter(additional_data__has_key="confirmed").get()
    assert entry.actor == op and "confirm_quantity" in entry.additional_data["confirmed"]


def test_within_the_jobs_quantity_and_margin_it_is_recorded_without_a_question(client, shop, erp_job):
    assert _post(client, shop["operator"], line=shop["assembly"], quantity=550).status_code == 201


def test_far_above_the_jobs_quantity_is_refused_even_when_confirmed(client, shop, erp_job):
    refused = _post(client, shop["operator"], line=shop["assembly"], quantity=9_999_999, confirm_quantity=True)
    assert refused.status_code == 400 and "quantity" in refused.json()
    assert "cannot be right" in refused.json()["detail"] and not Movement.objects.exists()


def test_the_lines_capacity_per_shift_is_the_limit_of_an_order_without_a_quantity(client, shop, erp_rows):
    wc = shop["assembly"]
    ProductionCapacity.objects.create(line=wc, shift=ShiftFactory(facility=wc.facility), units_per_shift=200)
    body = {"line": wc, "order_number": "LOCAL-7", "confirm_new_order": True}
    asked = _post(client, shop["operator"], quantity=300, **body)
    assert asked.status_code == 409 and "at most 200 per shift" in asked.json()["detail"]
    assert _post(client, shop["operator"], quantity=180, **body).status_code == 201


def test_an_unknown_order_is_confirmed_as_new_never_created_silently(client, shop, erp_rows):
    op, wc = shop["operator"], shop["assembly"]
    asked = _post(client, op, line=wc, order_number="ZZZ-NOPE")
    assert asked.status_code == 409 and set(asked.json()["needs_confirmation"]) == {"confirm_new_order"}
    assert not ProductionOrder.objects.exists()
    assert _post(client, op, line=wc, order_number="ZZZ-NOPE", confirm_new_order=True).status_code == 201
    assert ProductionOrder.objects.filter(number="ZZZ-NOPE").exists()
    # known from then on: the next movement of the order needs no confirmation
    assert _post(client, op, line=wc, order_number="ZZZ-NOPE", direction="OUT", quantity=2).status_code == 201


def test_a_facility_that_refuses_unknown_numbers_refuses_them(client, shop, erp_rows):
    wc = shop["assembly"]
    wc.facility.unknown_numbers = "refuse"
    wc.facility.save()
    refused = _post(client, shop["operator"], line=wc, order_number="ZZZ-NOPE", confirm_new_order=True)
    assert refused.status_code == 400 and "order_number" in refused.json()
    assert "not known" in refused.json()["detail"] and not ProductionOrder.objects.exists()


def test_an_unknown_erp_job_on_a_known_order_is_asked_for(client, shop, erp_job):
    asked = _post(client, shop["operator"], line=shop["assembly"], erp_job="NOSUCHJOB")
    assert asked.status_code == 409 and set(asked.json()["needs_confirmation"]) == {"confirm_new_job"}


@pytest.mark.parametrize("quantity", [0, -3])
def test_zero_and_negative_quantities_are_refused(client, shop, erp_job, quantity):
    refused = _post(client, shop["operator"], line=shop["assembly"], quantity=quantity)
    assert refused.status_code == 400 and "quantity" in refused.json()
