"""Labels from a list: the machines admin's 'Print labels' action opens the labels page with the selected machines'
codes filled in (the user still picks size and copies), capped at MAX_LABELS with a message."""

from urllib.parse import parse_qs, urlsplit

import pytest

from portal.models import Machine
from production.labels import actions, services

pytestmark = pytest.mark.django_db


def test_print_labels_action_prefills_the_labels_page_with_the_selected_machines(admin_client_portal, plant):
    line = plant["lines"][0]
    press = Machine.objects.create(line=line, code="PR-1", name="Press 1")
    welder = Machine.objects.create(line=line, code="WL-2", name="Welder 2")
    Machine.objects.create(line=line, code="XX-9", name="Not selected")
    response = admin_client_portal.post("/admin/portal/machine/", {
        "action": "print_labels", "_selected_action": [press.pk, welder.pk]})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/production/labels/"
    assert parse_qs(url.query) == {"kind": ["machine"], "codes": ["PR-1\nWL-2"]}
    page = admin_client_portal.get(response["Location"]).content.decode()
    assert "PR-1\nWL-2" in page and "XX-9" not in page
    pdf = admin_client_portal.post("/production/labels/", {"kind": "machine", "codes": "PR-1\nWL-2", "size": "4x6",
                                                           "copies": 1})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_more_codes_than_a_print_run_are_cut_with_a_message(rf, monkeypatch):
    from django.contrib.messages.storage.fallback import FallbackStorage

    monkeypatch.setattr(actions, "MAX_LABELS", 3)
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    response = actions.labels_redirect(request, "job", ["j1", "J1", "j2", "j3", "j4", "j5"])
    assert parse_qs(urlsplit(response["Location"]).query)["codes"] == ["J1\nJ2\nJ3"]
    assert [str(m) for m in request._messages] == ["5 codes selected: only the first 3 are on the labels page."]
    assert services.MAX_LABELS == 500


@pytest.mark.django_db(databases=["default", "erp"])
def test_print_labels_of_the_open_jobs_list_takes_its_filtered_jobs(admin_client_portal, erp_data):
    from erp.services.jobs import open_jobs

    page = admin_client_portal.get("/erp/jobs/").content.decode()
    assert "/production/labels/erp-jobs/?" in page
    response = admin_client_portal.get("/production/labels/erp-jobs/")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    expected = sorted(open_jobs().values_list("job_number", flat=True))[:services.MAX_LABELS]
    assert query["kind"] == ["job"] and query["codes"][0].split("\n") == [j.upper() for j in expected]
