"""The OEE hook: which internal rejects count as rejected units, in UTC, within [start, end)."""

import datetime as dt

import pytest

from portal.models import Facility, ProductionLine
from portal.testing.factories import UserFactory
from portal.workflow import apply_transition
from quality.models import DefectCode, InternalReject
from quality.services import rejected_units

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def line():
    facility = Facility.objects.create(code="F1", name="Plant", time_zone="America/Mexico_City")
    return ProductionLine.objects.create(facility=facility, code="L1", name="Line 1")


def reject(line, user, qty, at, code):
    return InternalReject.objects.create(line=line, part="P-1", quantity=qty, defect=code, occurred_at=at,
                                         created_by=user)


def test_submitted_and_approved_count_refused_do_not(line, django_user_model):
    inspector = UserFactory(username="insp", is_superuser=True)
    code = DefectCode.objects.create(code="SCR", name="Scratch")
    submitted = reject(line, inspector, 3, T0, code)
    approved = apply_transition(reject(line, inspector, 5, T0 + dt.timedelta(minutes=1), code), "approve", inspector)
    refused = apply_transition(reject(line, inspector, 7, T0 + dt.timedelta(minutes=2), code), "reject", inspector,
                               review_note="Not a defect")
    closed_approved = apply_transition(approved, "close", inspector)
    apply_transition(refused, "close", inspector)
    reject(line, inspector, 11, T0 + dt.timedelta(hours=1), code)  # at the end: excluded
    rows = rejected_units([line.pk], T0, T0 + dt.timedelta(hours=1))
    assert rows == [(line.pk, T0, 3), (line.pk, T0 + dt.timedelta(minutes=1), 5)]
    assert rows[0][1].tzinfo == dt.UTC
    assert submitted.pk and closed_approved.state == "closed"
    other = ProductionLine.objects.create(facility=line.facility, code="L2", name="Line 2")
    assert rejected_units([other.pk], T0, T0 + dt.timedelta(hours=2)) == []
