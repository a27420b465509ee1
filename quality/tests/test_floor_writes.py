"""Rejects and returns through the one receiver (quality/services/floor.py, docs/floor-writes.md), as users meet it:
keys scoped to the writer (a replay answers the first reject, another payload is refused, another user's key is a
new reject), the writer's lines only (fail closed), an active machine of the reject's line, bounded times, and one
refusal contract on the page and the API."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import Facility, Machine, ProductionLine, User
from portal.testing.factories import UserFactory, work_on
from quality.models import CustomerReturn, InternalReject, ReturnPhoto

pytestmark = pytest.mark.django_db

API = "/api/quality/rejects/"
NO_LINES = "You are not in a department with lines yet"


def floor_user(username: str, *lines, perms=("quality.record_reject", "quality.view_quality")) -> User:
    """A user holding ``perms`` (no plant-wide role) who works on ``lines`` (none: no department)."""
    user = UserFactory(username=username)
    if lines:
        work_on(user, *lines)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def elsewhere(plant):
    """A second plant (Chicago) with line C1: outside a Monterrey worker's scope."""
    chicago = Facility.objects.create(code="CHI", name="Chicago", time_zone="America/Chicago")
    return ProductionLine.objects.create(facility=chicago, code="C1", name="Chicago 1")


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def body(plant, **extra) -> dict:
    return {"line": plant["line"].pk, "part": "P-1", "quantity": 2, "defect": plant["scratch"].pk,
            "idempotency_key": str(uuid.uuid4()), **extra}


def page_post(client, plant, **extra):
    data = {"line": plant["line"].pk, "part": "P-1", "quantity": 2, "defect": plant["scratch"].pk,
            "idempotency_key": str(uuid.uuid4()), **extra}
    return client.post(reverse("quality:reject-entry"), data, HTTP_X_OFFLINE_REPLAY="1")


# --- Keys scoped to the writer --------------------------------------------------------------------------------

def test_a_replayed_key_answers_the_first_reject_page_and_api(client, plant):
    operator = floor_user("op", plant["line"])
    api = api_for(operator)
    sent = body(plant)
    first, again = api.post(API, sent, format="json"), api.post(API, sent, format="json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    client.force_login(operator)
    key = str(uuid.uuid4())
    one, two = page_post(client, plant, idempotency_key=key), page_post(client, plant, idempotency_key=key)
    assert (one.status_code, two.status_code) == (201, 200) and one.json()["id"] == two.json()["id"]
    assert "already recorded" in two.json()["message"]
    assert InternalReject.objects.count() == 2


def test_the_same_key_with_another_payload_is_refused_and_writes_nothing(client, plant):
    operator = floor_user("op", plant["line"])
    api = api_for(operator)
    sent = body(plant)
    first = api.post(API, sent, format="json")
    refused = api.post(API, {**sent, "quantity": 9}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "key_reused"
    assert "different entry" in refused.json()["detail"]
    client.force_login(operator)
    on_page = page_post(client, plant, idempotency_key=sent["idempotency_key"], quantity=9)
    assert on_page.status_code == 409 and on_page.json()["code"] == "key_reused"
    assert list(InternalReject.objects.values_list("pk", "quantity")) == [(first.json()["id"], 2)]


def test_the_same_key_from_another_user_is_a_new_reject_and_reveals_nothing(plant):
    ana, beto = floor_user("ana", plant["line"]), floor_user("beto", plant["line"])
    key = str(uuid.uuid4())
    first = api_for(ana).post(API, body(plant, idempotency_key=key, part="ANA-SECRET"), format="json")
    second = api_for(beto).post(API, body(plant, idempotency_key=key, part="B-2", quantity=5), format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["id"] != first.json()["id"] and "ANA-SECRET" not in second.content.decode()
    assert (second.json()["part"], second.json()["created_by"]) == ("B-2", beto.pk)
    assert InternalReject.objects.filter(idempotency_key=key).count() == 2  # unique per writer, not globally


def test_a_refused_reject_spends_no_key(plant):
    api = api_for(floor_user("op", plant["line"]))
    sent = body(plant, quantity=0)
    assert api.post(API, sent, format="json").status_code == 400
    assert api.post(API, {**sent, "quantity": 3}, format="json").status_code == 201


def test_a_key_kept_on_a_reject_recorded_before_the_receiver_is_never_used_twice(plant):
    operator = floor_user("op", plant["line"])
    key = uuid.uuid4()
    InternalReject.objects.create(line=plant["line"], part="OLD", quantity=1, defect=plant["scratch"],
                                  created_by=operator, idempotency_key=key)
    refused = api_for(operator).post(API, body(plant, idempotency_key=str(key)), format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "key_reused"
    assert InternalReject.objects.count() == 1


# --- The writer's scope, fail closed --------------------------------------------------------------------------

def test_a_reject_on_a_line_the_writer_does_not_work_on_is_refused_and_writes_nothing(client, plant, elsewhere):
    operator = floor_user("op", plant["line"])
    refused = api_for(operator).post(API, body(plant, line=elsewhere.pk), format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden" and "C1" in refused.json()["detail"]
    client.force_login(operator)
    on_page = page_post(client, plant, line=elsewhere.pk)
    assert on_page.status_code == 403 and "C1" in on_page.json()["detail"]
    page = client.post(reverse("quality:reject-entry"), {"line": elsewhere.pk, "part": "P", "quantity": 1,
                                                         "defect": plant["scratch"].pk})
    assert page.status_code == 403 and 'id="reject-message"' in page.content.decode()
    assert "You do not work on line C1" in page.content.decode()
    assert not InternalReject.objects.exists()


def test_a_plant_wide_inspector_works_on_the_lines_of_their_departments_facilities(plant, elsewhere):
    inspector = plant["inspector"]
    work_on(inspector, plant["line"])
    other_mty = ProductionLine.objects.create(facility=plant["facility"], code="L9", name="Line 9")
    api = api_for(User.objects.get(pk=inspector.pk))
    assert api.post(API, body(plant, line=other_mty.pk), format="json").status_code == 201
    assert api.post(API, body(plant, line=elsewhere.pk), format="json").status_code == 403


def test_a_deactivated_line_takes_no_new_reject_but_keeps_its_history(plant):
    operator = floor_user("op", plant["line"])
    api = api_for(operator)
    assert api.post(API, body(plant), format="json").status_code == 201
    ProductionLine.objects.filter(pk=plant["line"].pk).update(active=False)
    assert api.post(API, body(plant), format="json").status_code == 403
    assert api.get(API).json()["count"] == 1


def test_a_user_without_a_department_sees_no_floor_line(client, plant, elsewhere):
    loner = floor_user("loner")
    InternalReject.objects.create(line=plant["line"], part="P-1", quantity=1, defect=plant["scratch"],
                                  created_by=plant["inspector"])
    client.force_login(loner)
    page = client.get(reverse("quality:reject-entry"))
    html = page.content.decode()
    assert page.status_code == 200 and NO_LINES in html
    assert f'<option value="{plant["line"].pk}"' not in html and f'<option value="{elsewhere.pk}"' not in html
    assert 'id="save-reject" disabled' in html
    assert page_post(client, plant).status_code == 403
    api = api_for(loner)
    assert api.get(API).json()["count"] == 0
    assert api.post(API, body(plant), format="json").status_code == 403
    listing = client.get(reverse("quality:rejects"))
    assert "P-1" not in listing.content.decode()
    assert not listing.context["filter"].form.fields["line"].queryset.exists()
    dashboard = client.get(reverse("quality:dashboard"))
    assert not dashboard.context["form"].fields["facility"].queryset.exists()
    assert dashboard.context["pareto"] == []
    assert InternalReject.objects.count() == 1


def test_reject_entry_and_the_line_filters_offer_only_the_writers_lines(client, plant, elsewhere):
    operator = floor_user("op", plant["line"])
    client.force_login(operator)
    html = client.get(reverse("quality:reject-entry")).content.decode()
    assert f'<option value="{plant["line"].pk}"' in html and f'<option value="{elsewhere.pk}"' not in html
    assert NO_LINES not in html
    lines = client.get(reverse("quality:rejects")).context["filter"].form.fields["line"].queryset
    assert list(lines) == [plant["line"]]
    facilities = client.get(reverse("quality:dashboard")).context["form"].fields["facility"].queryset
    assert list(facilities) == [plant["facility"]]


def test_others_rejects_and_their_photos_are_not_shown(client, plant, elsewhere, settings, tmp_path):
    from portal.testing.uploads import accepted_photo

    settings.MEDIA_ROOT = tmp_path
    theirs = InternalReject.objects.create(line=elsewhere, part="CHI-1", quantity=1, defect=plant["scratch"],
                                           created_by=plant["inspector"], photo=accepted_photo())
    client.force_login(floor_user("op", plant["line"]))
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("quality:reject-photo", args=[theirs.pk])).status_code == 404
    assert "CHI-1" not in client.get(reverse("quality:rejects")).content.decode()
    assert api_for(floor_user("op2", plant["line"])).get(f"{API}{theirs.pk}/").status_code == 404


# --- Machines, times, refusals --------------------------------------------------------------------------------

def test_the_machine_must_be_an_active_machine_of_the_rejects_line(plant, elsewhere):
    press = Machine.objects.create(line=plant["line"], code="PR-1", name="Press")
    retired = Machine.objects.create(line=plant["line"], code="OLD-1", name="Old", active=False)
    foreign = Machine.objects.create(line=elsewhere, code="CH-1", name="Chicago press")
    api = api_for(floor_user("op", plant["line"]))
    assert api.post(API, body(plant, machine=press.pk), format="json").status_code == 201
    for machine, message in ((foreign, "CH-1 is not a machine of line L1."),
                             (retired, "OLD-1 is deactivated: pick an active machine of line L1.")):
        refused = api.post(API, body(plant, machine=machine.pk), format="json")
        assert refused.status_code == 400 and refused.json()["machine"] == [message]
    assert InternalReject.objects.count() == 1


@pytest.mark.parametrize("moment, message", [
    (dt.datetime(1, 1, 1, tzinfo=dt.UTC), ""),  # a message (the API's parser: out of range), never a 500
    (timezone.now() - dt.timedelta(days=400), "more than 366 days ago"),
    (timezone.now() + dt.timedelta(hours=2), "cannot be in the future"),
])
def test_the_time_of_a_reject_is_bounded(plant, moment, message):
    api = api_for(floor_user("op", plant["line"]))
    refused = api.post(API, body(plant, occurred_at=moment.isoformat()), format="json")
    assert refused.status_code == 400 and message in refused.json()["occurred_at"][0]
    assert not InternalReject.objects.exists()
    yesterday = timezone.now() - dt.timedelta(days=1)
    assert api.post(API, body(plant, occurred_at=yesterday.isoformat()), format="json").status_code == 201


def test_the_refusal_is_shown_next_to_the_button_and_the_key_kept_to_correct_it(client, plant):
    client.force_login(floor_user("op", plant["line"]))
    key = str(uuid.uuid4())
    page = client.post(reverse("quality:reject-entry"), {"line": plant["line"].pk, "part": "P", "quantity": 1,
                                                         "defect": plant["scratch"].pk, "machine": "NOPE",
                                                         "idempotency_key": key})
    html = page.content.decode()
    assert page.status_code == 400 and "Line L1 has no machine NOPE." in html
    assert f'value="{key}"' in html  # corrected and sent again with the same key: still one reject
    assert page_post(client, plant, idempotency_key=key).status_code == 201


def test_a_json_client_gets_json_without_the_replay_header(client, plant):
    client.force_login(floor_user("op", plant["line"]))
    response = client.post(reverse("quality:reject-entry"), {"line": plant["line"].pk, "part": "P", "quantity": 0,
                                                             "defect": plant["scratch"].pk},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid" and "quantity" in response.json()


# --- Customer returns -----------------------------------------------------------------------------------------

def return_data(plant, **extra) -> dict:
    return {"facility": plant["facility"].pk, "customer": "ACME", "part": "P-1", "quantity": 3,
            "reason": "Scratched", "received_at": an_hour_ago(), "idempotency_key": str(uuid.uuid4()), **extra}


def an_hour_ago() -> str:
    """As the page's datetime-local input sends it (the portal's zone)."""
    return timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def returns_user(username: str, *lines) -> User:
    return floor_user(username, *lines, perms=("quality.manage_returns", "quality.view_quality"))


def test_a_return_is_recorded_once_at_a_facility_of_the_writer(client, plant, elsewhere):
    client.force_login(returns_user("qa", plant["line"]))
    url = reverse("quality:return-create")
    form = client.get(url)
    assert list(form.context["form"].fields["facility"].widget.choices)[1:] == [
        (plant["facility"].pk, str(plant["facility"]))]
    sent = return_data(plant)
    first, again = client.post(url, sent), client.post(url, sent)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert CustomerReturn.objects.count() == 1
    refused = client.post(url, return_data(plant, facility=elsewhere.facility_id))
    assert refused.status_code == 403 and "You do not work at CHI" in refused.content.decode()
    changed = client.post(url, {**sent, "quantity": 4})  # the back button, another quantity, the same key
    assert changed.status_code == 409 and "different entry" in changed.content.decode()
    assert f'value="{sent["idempotency_key"]}"' not in changed.content.decode()  # saved again: a new return
    late = client.post(url, return_data(plant, received_at="2001-05-01T10:00"))
    assert late.status_code == 400 and "more than 366 days ago" in late.content.decode()
    assert CustomerReturn.objects.count() == 1


def test_a_user_without_a_department_records_no_return(client, plant):
    client.force_login(returns_user("loner"))
    page = client.get(reverse("quality:return-create"))
    assert NO_LINES in page.content.decode()
    assert client.post(reverse("quality:return-create"), return_data(plant)).status_code == 403
    assert not CustomerReturn.objects.exists()


def test_nothing_is_added_to_a_closed_return_nor_to_one_the_user_may_not_see(client, plant, elsewhere, settings,
                                                                            tmp_path):
    from portal.testing.uploads import accepted_photo

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    closed = CustomerReturn.objects.create(facility=plant["facility"], customer="ACME", part="P", quantity=1,
                                           reason="r", created_by=plant["inspector"], state="closed")
    theirs = CustomerReturn.objects.create(facility=elsewhere.facility, customer="ACME", part="P", quantity=1,
                                           reason="r", created_by=plant["inspector"])
    client.force_login(returns_user("qa", plant["line"]))
    refused = client.post(closed.get_absolute_url(), {"image": accepted_photo()})
    assert refused.status_code == 409 and "is closed" in refused.content.decode()
    assert client.post(theirs.get_absolute_url(), {"image": accepted_photo()}).status_code == 404
    assert not ReturnPhoto.objects.exists() and not any(p.is_file() for p in tmp_path.rglob("*"))
