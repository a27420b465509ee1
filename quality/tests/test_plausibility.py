"""Plausible rejects (issue 34): a reject of 999,999,999 units is refused, one above its context is confirmed with
one more tap (audited), 0 is refused, and a part or job the ERP does not know is never saved silently; the page and
the API ask for the same confirmation."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from erp.models import InventoryLot, Job, Part
from portal.models import ProductionCapacity, Shift
from quality.models import InternalReject

from .test_floor_writes import api_for, body, floor_user

pytestmark = [pytest.mark.django_db(databases=["default", "erp"]), pytest.mark.usefixtures("plausibility")]
API = "/api/quality/rejects/"


@pytest.fixture
def erp_part(erp_rows):
    erp_rows(Part, [{"part_number": "P-1", "description": "Cap", "part_type": "FG", "uom": "EA",
                     "unit_cost": D("1"), "unit_price": D("2"), "business_unit": "Care"}])
    erp_rows(Job, [{"job_number": "J-40", "part": "P-1", "facility": "MTY", "line_code": "L1",
                    "quantity_required": D("40"), "quantity_completed": D("0"), "status": "RELEASED",
                    "created_date": "2026-01-05"}])
    erp_rows(InventoryLot, [{"part": "P-1", "lot_number": "A", "facility": "MTY", "quantity": D("300"),
                             "status": "APPROVED", "receipt_date": "2026-01-02"}])


def test_a_huge_reject_is_refused_even_confirmed_and_zero_is_refused(plant, erp_part):
    api = api_for(floor_user("op", plant["line"]))
    huge = api.post(API, body(plant, quantity=999_999_999, confirm_quantity=True), format="json")
    assert huge.status_code == 400 and "quantity" in huge.json() and "cannot be right" in huge.json()["detail"]
    zero = api.post(API, body(plant, quantity=0), format="json")
    assert zero.status_code == 400 and "quantity" in zero.json()
    assert not InternalReject.objects.exists()


def test_a_reject_above_its_jobs_quantity_is_confirmed_with_one_more_tap_and_audited(plant, erp_part):
    operator = floor_user("op", plant["line"])
    api = api_for(operator)
    entry = body(plant, erp_job="J-40", quantity=90)
    asked = api.post(API, entry, format="json")
    assert asked.status_code == 409 and set(asked.json()["needs_confirmation"]) == {"confirm_quantity"}
    assert "order J-40 is for 40" in asked.json()["detail"] and not InternalReject.objects.exists()
    confirmed = api.post(API, {**entry, "confirm_quantity": True}, format="json")
    assert confirmed.status_code == 201
    reject = InternalReject.objects.get()
    audit = LogEntry.objects.get_for_object(reject).filter(additional_data__has_key="confirmed").get()
    assert audit.actor == operator and "confirm_quantity" in audit.additional_data["confirmed"]


def test_without_a_job_the_lines_capacity_per_shift_then_the_stock_bound_a_reject(plant, erp_part):
    api = api_for(floor_user("op", plant["line"]))
    assert api.post(API, body(plant, quantity=320), format="json").status_code == 201  # 300 in stock + margin
    assert api.post(API, body(plant, quantity=400), format="json").status_code == 409
    shift = Shift.objects.create(facility=plant["facility"], name="Day", start_time=dt.time(6), end_time=dt.time(14))
    ProductionCapacity.objects.create(line=plant["line"], shift=shift, units_per_shift=100)
    asked = api.post(API, body(plant, quantity=200), format="json")
    assert asked.status_code == 409 and "at most 100 per shift" in asked.json()["detail"]


def test_an_unknown_part_is_confirmed_as_new_or_refused_as_the_facility_says(plant, erp_part):
    api = api_for(floor_user("op", plant["line"]))
    asked = api.post(API, body(plant, part="NOSUCHPART-XYZ"), format="json")
    assert asked.status_code == 409 and set(asked.json()["needs_confirmation"]) == {"confirm_new_part"}
    assert api.post(API, body(plant, part="NOSUCHPART-XYZ", confirm_new_part=True), format="json").status_code == 201
    plant["facility"].unknown_numbers = "refuse"
    plant["facility"].save()
    refused = api.post(API, body(plant, part="NOSUCHPART-XYZ", confirm_new_part=True), format="json")
    assert refused.status_code == 400 and "part" in refused.json()
    assert InternalReject.objects.count() == 1


def test_an_unknown_job_scanned_on_the_page_is_asked_for_and_recorded_with_the_confirmation(client, plant,
                                                                                             erp_part):
    client.force_login(floor_user("op", plant["line"]))
    data = {"line": plant["line"].pk, "part": "P-1", "quantity": 2, "defect": plant["scratch"].pk,
            "order_or_job": "ZZZ-NOPE", "idempotency_key": str(uuid.uuid4())}
    asked = client.post(reverse("quality:reject-entry"), data)
    assert asked.status_code == 409
    html = asked.content.decode()
    assert "ZZZ-NOPE is not known" in html and 'name="confirm_new_job" value="on"' in html
    assert html.count("data-transient-message") == 1  # one message, not a stack of red boxes
    done = client.post(reverse("quality:reject-entry"), {**data, "confirm_new_job": "on"})
    assert done.status_code == 302 and InternalReject.objects.get().erp_job == "ZZZ-NOPE"
