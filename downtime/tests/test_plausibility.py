"""A plausible crew (issue 34): a crew above the line's usual one is recorded with one more tap (audited), one far
above it is refused; the entry page's crew starts where the first save is not refused."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.test import APIClient

from downtime.models import DowntimeEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plausibility")]
EVENTS = "/api/downtime/events/"


def _body(plant, categories, **extra):
    return {"line": plant["lines"][0].pk, "start": "2026-01-15T08:00:00-06:00", "end": "2026-01-15T08:30:00-06:00",
            "crew_size": 2, "category": categories["jam"].pk, **extra}


@pytest.fixture
def api(operator):
    client = APIClient()
    client.force_authenticate(operator)
    return client


def test_a_crew_above_the_lines_usual_one_is_confirmed_and_audited_far_above_refused(api, plant, categories,
                                                                                      operator):
    line = plant["lines"][0]
    line.usual_crew = 4
    line.save()
    asked = api.post(EVENTS, _body(plant, categories, crew_size=9), format="json")
    assert asked.status_code == 409 and list(asked.json()["needs_confirmation"]) == ["confirm_quantity"]
    assert "usually runs with 4 people" in asked.json()["detail"] and not DowntimeEvent.objects.exists()
    refused = api.post(EVENTS, _body(plant, categories, crew_size=90, confirm_quantity=True), format="json")
    assert refused.status_code == 400 and "crew_size" in refused.json()
    done = api.post(EVENTS, _body(plant, categories, crew_size=9, confirm_quantity=True), format="json")
    assert done.status_code == 201
    audit = LogEntry.objects.get_for_object(DowntimeEvent.objects.get()).filter(
        additional_data__has_key="confirmed").get()
    assert audit.actor == operator and list(audit.additional_data["confirmed"]) == ["confirm_quantity"]


def test_the_usual_crew_is_recorded_without_a_question(api, plant, categories):
    line = plant["lines"][0]
    line.usual_crew = 4
    line.save()
    assert api.post(EVENTS, _body(plant, categories, crew_size=4), format="json").status_code == 201


def test_the_entry_page_starts_the_crew_at_one_at_least_so_the_first_save_is_not_refused(client, plant, operator):
    line = plant["lines"][0]
    line.usual_crew = 0
    line.save()
    client.force_login(operator)
    html = client.get(reverse("downtime:entry"), {"line": line.pk}).content.decode()
    assert 'name="crew_size" id="id_crew_size"' in html and 'value="1"' in html.split('id="id_crew_size"')[1][:200]
