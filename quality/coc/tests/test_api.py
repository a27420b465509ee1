"""The certificates' REST endpoint (/api/coc/certificates/): read only, for those who read the reports."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from portal.testing.factories import UserFactory
from quality.coc.models import Certificate

URL = "/api/coc/certificates/"


def _certificate(number: str, job: str, issuer) -> Certificate:
    pdf = f"%PDF-1.7 {number}".encode()
    return Certificate.objects.create(number=number, job_number=job, part_number="FG-1", customer_code="ACME",
                                      language="en", issued_by=issuer, signer_name="Ana Ruiz",
                                      signer_title="Quality manager", lot_count=2, pdf=pdf,
                                      sha256=hashlib.sha256(pdf).hexdigest())


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_report_reader_lists_filters_and_reads_the_issued_certificates():
    issuer = UserFactory(username="issuer", roles=["Quality_Inspector"])
    _certificate("COC-1", "J-1", issuer)
    _certificate("COC-2", "J-2", issuer)
    reader = _api(UserFactory(username="planner", roles=["Scheduling_User"]))
    listed = reader.get(URL).json()
    assert [c["number"] for c in listed["results"]] == ["COC-2", "COC-1"]  # newest first
    assert reader.get(URL, {"job": "j-1"}).json()["results"][0]["number"] == "COC-1"
    today = timezone.localdate()
    assert reader.get(URL, {"issued_from": today.isoformat()}).json()["count"] == 2
    assert reader.get(URL, {"issued_to": (today - dt.timedelta(days=1)).isoformat()}).json()["count"] == 0
    assert reader.get(URL, {"issued_from": "0266-03-25T16:43:38+16:39"}).status_code == 400
    one = reader.get(f"{URL}COC-1/").json()
    assert one["issued_by"] == "issuer" and one["lot_count"] == 2
    assert (one["revision"], one["interim"]) == (1, False)
    assert one["pdf_url"] == "/reports/coc/certificates/COC-1/pdf/"
    assert one["sha256"] == hashlib.sha256(b"%PDF-1.7 COC-1").hexdigest()
    assert reader.get(f"{URL}NOPE/").status_code == 404
    assert reader.post(URL, {"number": "COC-3"}, format="json").status_code == 405  # issued on the page only


@pytest.mark.django_db
def test_a_floor_operator_may_not_read_certificates():
    response = _api(UserFactory(username="op", roles=["DowntimeTracker_User"])).get(URL)
    assert response.status_code == 403 and response.json()["code"]


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_two_or_twelve_certificates():
    issuer = UserFactory(username="issuer", roles=["Quality_Inspector"])
    reader = _api(UserFactory(username="planner", roles=["Scheduling_User"]))
    reader.get(URL)  # the first request loads the user's permissions once
    counts = []
    for total in (2, 12):
        for n in range(Certificate.objects.count(), total):
            _certificate(f"COC-{n}", f"J-{n}", issuer)
        with CaptureQueriesContext(connection) as queries:
            assert len(reader.get(URL).json()["results"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]
