"""Downtime stops through the portal's one receiver (portal/commands.py, docs/floor-writes.md), as a tablet or an
API client would notice it: exactly once per writer and key, the writer's own lines only, another's entry left
alone, one refusal contract, times within the floor's window."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from downtime.models import DowntimeEvent
from downtime.services.events import KIND
from portal.testing.concurrency import post_all_at_once
from portal.testing.factories import FacilityFactory, ProductionLineFactory, UserFactory, work_on

EVENTS = "/api/downtime/events/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(plant, categories, **extra) -> dict:
    return {"line": plant["lines"][0].pk, "start": "2026-01-15T08:00:00-06:00", "end": "2026-01-15T08:30:00-06:00",
            "crew_size": 2, "category": categories["jam"].pk, **extra}


# --- keys: the writer's own --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_same_key_from_another_user_is_a_new_stop_and_reveals_nothing(plant, categories, operator,
                                                                          other_operator):
    key = str(uuid.uuid4())
    first = _api(operator).post(EVENTS, _body(plant, categories, idempotency_key=key, comments="mine"),
                                format="json")
    theirs = _api(other_operator).post(EVENTS, _body(plant, categories, idempotency_key=key, line=plant["lines"][1].pk,
                                                     crew_size=5), format="json")
    assert first.status_code == 201 and theirs.status_code == 201
    assert theirs.json()["id"] != first.json()["id"]
    assert (theirs.json()["created_by"], theirs.json()["line_code"], theirs.json()["crew_size"]) == (
        "operator2", "L2", 5)
    assert "mine" not in theirs.content.decode()
    assert DowntimeEvent.objects.filter(idempotency_key=key).count() == 2
    # and each one's replay answers their own stop
    again = _api(other_operator).post(EVENTS, _body(plant, categories, idempotency_key=key, line=plant["lines"][1].pk,
                                                    crew_size=5), format="json")
    assert again.status_code == 200 and again.json()["id"] == theirs.json()["id"]


@pytest.mark.django_db
def test_the_same_key_with_another_entry_is_refused_and_writes_nothing(client, plant, categories, operator):
    key = str(uuid.uuid4())
    api = _api(operator)
    assert api.post(EVENTS, _body(plant, categories, idempotency_key=key), format="json").status_code == 201
    reused = api.post(EVENTS, _body(plant, categories, idempotency_key=key, crew_size=7,
                                    start="2026-01-15T10:00:00-06:00", end="2026-01-15T10:20:00-06:00"),
                      format="json")
    assert reused.status_code == 409 and reused.json()["code"] == "key_reused"
    assert "already used for a different entry" in reused.json()["detail"]
    assert reused.json()["idempotency_key"] == [reused.json()["detail"]]
    # the tablet's queue replays through the page: the same answer
    client.force_login(operator)
    page = client.post("/downtime/record/", {
        "line": plant["lines"][0].pk, "start": "2026-01-15T11:00", "end": "2026-01-15T11:10", "crew_size": "1",
        "category": categories["jam"].pk, "idempotency_key": key}, HTTP_X_OFFLINE_REPLAY="1")
    assert page.status_code == 409 and page.json()["code"] == "key_reused"
    assert DowntimeEvent.objects.get().crew_size == 2


@pytest.mark.django_db
def test_a_confirmed_replay_is_the_same_entry(plant, categories, operator):
    """The queue sends a stop, is asked to confirm the overlap, sends it again confirmed; its answer is lost and it
    sends the confirmed entry once more: one stop, and the key was spent only by the write that happened."""
    api = _api(operator)
    api.post(EVENTS, _body(plant, categories), format="json")
    key = str(uuid.uuid4())
    asked = api.post(EVENTS, _body(plant, categories, idempotency_key=key), format="json")
    assert asked.status_code == 409 and asked.json()["code"] == "needs_confirmation"
    confirmed = api.post(EVENTS, _body(plant, categories, idempotency_key=key, confirm_overlap=True), format="json")
    replayed = api.post(EVENTS, _body(plant, categories, idempotency_key=key, confirm_overlap=True), format="json")
    assert (confirmed.status_code, replayed.status_code) == (201, 200)
    assert DowntimeEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_stop_recorded_before_the_receiver_kept_keys_is_not_recorded_twice(plant, categories, operator):
    """A tablet's queue that sends again, after the upgrade, an entry recorded before it: refused, not doubled."""
    key = uuid.uuid4()
    start = dt.datetime(2026, 1, 15, 8, tzinfo=plant["facility"].tzinfo)
    DowntimeEvent.objects.create(
        facility=plant["facility"], line=plant["lines"][0], start=start, end=start + dt.timedelta(minutes=30),
        duration_minutes=30, crew_size=2, category=categories["jam"], production_date=start.date(),
        created_by=operator, idempotency_key=key)
    again = _api(operator).post(EVENTS, _body(plant, categories, idempotency_key=str(key)), format="json")
    assert again.status_code == 409 and again.json()["detail"] == (
        "This entry was already recorded; it is not recorded again.")
    assert DowntimeEvent.objects.count() == 1


# --- scope and ownership -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_stop_on_a_line_the_writer_does_not_work_on_is_refused_and_writes_nothing(client, plant, categories):
    l2_operator = work_on(UserFactory(username="l2_operator", roles=["DowntimeTracker_User"]), plant["lines"][1])
    key = str(uuid.uuid4())
    refused = _api(l2_operator).post(EVENTS, _body(plant, categories, idempotency_key=key), format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert refused.json()["line"] == ["You do not work on line L1: ask an administrator to add it to your "
                                      "department."]
    client.force_login(l2_operator)
    data = {"line": plant["lines"][0].pk, "start": "2026-01-15T08:00", "end": "2026-01-15T08:20",
            "crew_size": "2", "category": categories["jam"].pk, "idempotency_key": key}
    replay = client.post("/downtime/record/", data, HTTP_X_OFFLINE_REPLAY="1")
    assert replay.status_code == 403 and replay.json()["code"] == "forbidden"
    page = client.post("/downtime/record/", data, HTTP_HX_REQUEST="true")  # the sentence next to the button
    assert "You do not work on line L1" in page.content.decode() and 'id="form-errors"' in page.content.decode()
    assert not DowntimeEvent.objects.exists()


@pytest.mark.django_db
def test_the_scope_is_checked_before_the_key(plant, categories, operator):
    """A writer moved off a line learns nothing from a key they used there, not even that it was used."""
    key = str(uuid.uuid4())
    api = _api(operator)
    assert api.post(EVENTS, _body(plant, categories, idempotency_key=key), format="json").status_code == 201
    operator.departments.clear()
    work_on(operator, plant["lines"][1])
    refused = api.post(EVENTS, _body(plant, categories, idempotency_key=key), format="json")
    assert refused.status_code == 403 and "id" not in refused.json()


@pytest.mark.django_db
def test_another_operators_stop_is_neither_changed_nor_deleted(client, plant, categories, operator, other_operator):
    event_id = _api(operator).post(EVENTS, _body(plant, categories), format="json").json()["id"]
    other = _api(other_operator)
    changed = other.put(f"{EVENTS}{event_id}/", _body(plant, categories, crew_size=9), format="json")
    deleted = other.delete(f"{EVENTS}{event_id}/")
    assert (changed.status_code, deleted.status_code) == (403, 403)
    assert changed.json()["code"] == deleted.json()["code"] == "forbidden"
    client.force_login(other_operator)
    assert client.post(f"/downtime/events/{event_id}/edit/", {
        "line": plant["lines"][0].pk, "start": "2026-01-15T08:00", "end": "2026-01-15T08:30", "crew_size": 9,
        "category": categories["jam"].pk}).status_code == 404
    assert client.post(f"/downtime/events/{event_id}/delete/").status_code == 404
    event = DowntimeEvent.objects.get(pk=event_id)
    assert event.crew_size == 2 and event.updated_by is None


@pytest.mark.django_db
def test_a_change_to_a_deleted_stop_does_not_bring_it_back(plant, categories, operator):
    from downtime.services.events import EventInput, update_event
    from portal.commands import NotFound

    event_id = _api(operator).post(EVENTS, _body(plant, categories), format="json").json()["id"]
    stale = DowntimeEvent.objects.get(pk=event_id)  # the edit form opened before someone deleted it
    DowntimeEvent.objects.filter(pk=event_id).delete()
    with pytest.raises(NotFound):
        update_event(operator, stale, EventInput(line=plant["lines"][0], start=stale.start, end=stale.end,
                                                 category=categories["jam"], crew_size=3))
    assert not DowntimeEvent.objects.exists()


@pytest.mark.django_db
def test_a_stop_is_not_moved_to_a_line_outside_the_writers_scope(plant, categories, operator):
    elsewhere = ProductionLineFactory(facility=plant["facility"], code="L9")
    api = _api(operator)
    event_id = api.post(EVENTS, _body(plant, categories), format="json").json()["id"]
    moved = api.put(f"{EVENTS}{event_id}/", _body(plant, categories, line=elsewhere.pk), format="json")
    assert moved.status_code == 403 and moved.json()["code"] == "forbidden"
    assert DowntimeEvent.objects.get(pk=event_id).line == plant["lines"][0]


@pytest.mark.django_db
def test_a_user_without_a_department_sees_no_line(client, plant, categories, operator):
    _api(operator).post(EVENTS, _body(plant, categories), format="json")
    nobody = UserFactory(username="new_operator", roles=["DowntimeTracker_User"])
    client.force_login(nobody)
    html = client.get("/downtime/").content.decode()
    assert 'name="line"' not in html
    assert "You are not in a department with lines yet" in html and "Ask a portal administrator" in html
    assert "L1" not in client.get(f"/downtime/today/?line={plant['lines'][0].pk}").content.decode()
    api = _api(nobody)
    assert api.get(EVENTS).json()["count"] == 0
    refused = api.post(EVENTS, _body(plant, categories), format="json")
    assert refused.status_code == 403
    assert DowntimeEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_report_reader_without_a_department_reads_no_stop(client, plant, categories, operator, reader_client):
    _api(operator).post(EVENTS, _body(plant, categories), format="json")
    assert reader_client.get("/downtime/summary/").context["summary"].events == 1
    client.force_login(UserFactory(username="planner_nowhere", roles=["Scheduling_User"]))
    assert client.get("/downtime/summary/").context["summary"].events == 0
    assert _api(UserFactory(username="planner_api", roles=["Scheduling_User"])).get(
        "/api/downtime/summary/").json()["events"] == 0


@pytest.mark.django_db
def test_a_retired_line_keeps_its_stops_in_the_report(plant, categories, operator, reader_client):
    _api(operator).post(EVENTS, _body(plant, categories), format="json")
    plant["lines"][0].active = False
    plant["lines"][0].save()
    assert reader_client.get("/downtime/summary/").context["summary"].minutes == 30


# --- times -------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_stop_in_year_one_is_refused_with_a_message(client, plant, categories, operator):
    answer = _api(operator).post(EVENTS, _body(plant, categories, start="0001-01-01T00:00:00Z",
                                               end="0001-01-01T00:30:00Z"), format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"
    assert "days ago: check the date" in answer.json()["start"][0]
    client.force_login(operator)
    page = client.post("/downtime/record/", {
        "line": plant["lines"][0].pk, "start": "0001-01-01T00:00", "end": "0001-01-01T00:30", "crew_size": "2",
        "category": categories["jam"].pk, "idempotency_key": str(uuid.uuid4())}, HTTP_X_OFFLINE_REPLAY="1")
    assert page.status_code == 400 and "days ago: check the date" in page.json()["start"][0]
    assert not DowntimeEvent.objects.exists()


@pytest.mark.django_db
def test_year_one_in_a_plant_east_of_greenwich_is_a_message_too(client, categories):
    tokyo = ProductionLineFactory(facility=FacilityFactory(code="TYO", time_zone="Asia/Tokyo"), code="T1")
    operator = work_on(UserFactory(username="tokyo_op", roles=["DowntimeTracker_User"]), tokyo)
    client.force_login(operator)
    page = client.post("/downtime/record/", {
        "line": tokyo.pk, "start": "0001-01-01T00:00", "end": "0001-01-01T00:30", "crew_size": "2",
        "category": categories["jam"].pk}, HTTP_X_OFFLINE_REPLAY="1")
    assert page.status_code == 400 and "check the date" in page.json()["start"][0]
    for start, end in (("0001-01-01T00:00:00+09:00", "0001-01-01T00:30:00+09:00"),
                       ("0001-01-01T00:00", "0001-01-01T00:30")):  # with the offset, and the plant's wall clock
        answer = _api(operator).post(EVENTS, {"line": tokyo.pk, "start": start, "end": end, "crew_size": 2,
                                              "category": categories["jam"].pk}, format="json")
        assert answer.status_code == 400 and "check the date" in answer.json()["start"][0], answer.content
    assert not DowntimeEvent.objects.exists()


@pytest.mark.django_db
def test_stops_before_the_back_entry_window_or_in_the_future_are_refused(settings, plant, categories, operator):
    settings.FLOOR_BACKDATE_DAYS = 366  # the default window
    api = _api(operator)
    old = api.post(EVENTS, _body(plant, categories, start="1900-03-01T08:00:00-06:00",
                                 end="1900-03-01T08:30:00-06:00"), format="json")
    assert old.status_code == 400 and old.json()["start"] == ["The time is more than 366 days ago: check the date."]
    now = timezone.now()
    late = api.post(EVENTS, _body(plant, categories, start=(now - dt.timedelta(minutes=5)).isoformat(),
                                  end=(now + dt.timedelta(minutes=20)).isoformat()), format="json")
    assert late.status_code == 400 and late.json()["end"] == ["The time cannot be in the future."]
    recent = api.post(EVENTS, _body(plant, categories, start=(now - dt.timedelta(days=300)).isoformat(),
                                    end=(now - dt.timedelta(days=300, minutes=-20)).isoformat()), format="json")
    assert recent.status_code == 201
    assert DowntimeEvent.objects.count() == 1


# --- every write marked and guarded ------------------------------------------------------------------------------

def test_every_writing_view_is_marked_as_a_floor_write():
    from downtime.api.views import DowntimeEventViewSet
    from downtime.views import entry

    for view in (entry.record, entry.edit, entry.delete, DowntimeEventViewSet.create, DowntimeEventViewSet.update,
                 DowntimeEventViewSet.destroy):
        assert view.floor_commands == (KIND,), view


@pytest.mark.django_db
def test_a_stop_created_during_a_request_outside_the_receiver_is_an_error(plant, categories, operator):
    from portal.commands import _serving

    token = _serving.set("/downtime/record/")
    try:
        with pytest.raises(RuntimeError, match="outside portal.commands.receive"):
            start = timezone.now() - dt.timedelta(hours=1)
            DowntimeEvent.objects.create(
                facility=plant["facility"], line=plant["lines"][0], start=start, end=start + dt.timedelta(minutes=5),
                duration_minutes=5, category=categories["jam"], production_date=start.date(), created_by=operator,
                idempotency_key=uuid.uuid4())
    finally:
        _serving.reset(token)
    assert not DowntimeEvent.objects.exists()


# --- parallel copies (PostgreSQL) --------------------------------------------------------------------------------

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel connections (PostgreSQL)")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_six_copies_of_a_stop_sent_at_once_record_it_once(live_server, plant, categories, operator):
    token = Token.objects.create(user=operator).key
    body = _body(plant, categories, idempotency_key=str(uuid.uuid4()))
    statuses = post_all_at_once(f"{live_server.url}{EVENTS}", token, [body] * 6)
    assert sorted(statuses) == [200] * 5 + [201]
    assert DowntimeEvent.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_operators_sending_the_same_key_at_once_record_two_stops(live_server, plant, categories, operator,
                                                                     other_operator):
    key = str(uuid.uuid4())
    sends = {operator.username: _body(plant, categories, idempotency_key=key),
             other_operator.username: _body(plant, categories, idempotency_key=key, line=plant["lines"][1].pk)}
    tokens = {user.username: Token.objects.create(user=user).key for user in (operator, other_operator)}
    statuses: dict[str, list[int]] = {}

    def send(username: str) -> None:
        statuses[username] = post_all_at_once(f"{live_server.url}{EVENTS}", tokens[username], [sends[username]] * 3)

    threads = [threading.Thread(target=send, args=(name,)) for name in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {name: sorted(codes) for name, codes in statuses.items()} == {
        name: [200, 200, 201] for name in sends}
    assert sorted(DowntimeEvent.objects.values_list("created_by__username", "line__code")) == [
        ("operator", "L1"), ("operator2", "L2")]
