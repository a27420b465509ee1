"""Stops the machines detected: recorded through the write service (reason from the fault code, or waiting),
merged with a person's entry, classified on the tablet in two taps or split between two reasons."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from downtime.models import WAITING_CODE, DowntimeEvent, FaultReason
from downtime.services.detected import Classification, classify_stop, record_detected_stop
from downtime.services.events import EventInput, record_event
from portal.commands import Conflict, Invalid
from portal.machine_signals import stops
from portal.models import DetectedStop, Machine
from portal.testing.factories import UserFactory, work_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def base():
    return (timezone.now() - dt.timedelta(hours=3)).replace(second=0, microsecond=0)


@pytest.fixture
def press(plant):
    line = plant["lines"][0]
    line.usual_crew = 2
    line.save()
    return Machine.objects.create(line=line, code="PRESS-1", name="Press 1")


def detected(machine, start, end, fault=""):
    return DetectedStop.objects.create(machine=machine, start=start, end=end, fault_code=fault)


def test_a_detected_stop_waits_for_a_reason_with_the_controllers_times(press, base, categories):
    stop = detected(press, base + dt.timedelta(seconds=20), base + dt.timedelta(minutes=7, seconds=10))
    assert stops.publish() == 1
    event = DowntimeEvent.objects.get()
    assert (event.start, event.end, event.duration_minutes) == (base, base + dt.timedelta(minutes=8), 8)
    assert (event.detected, event.category.code, event.machine, event.crew_size) == (True, WAITING_CODE, press, 2)
    assert event.created_by.username == "machine-signals" and not event.created_by.has_usable_password()
    stop.refresh_from_db()
    assert stop.event_id == event.pk
    assert stops.publish() == 0  # handed over once
    assert record_detected_stop(stop) == event.pk  # and again (a crash before the mark): the same event
    assert DowntimeEvent.objects.count() == 1


def test_a_mapped_fault_code_gives_the_reason_at_once(press, base, categories, plant):
    FaultReason.objects.create(facility=plant["facility"], code="E42", category=categories["breakdown"])
    FaultReason.objects.create(facility=plant["facility"], line=press.line, code="E42", category=categories["jam"])
    detected(press, base, base + dt.timedelta(minutes=5), fault="e42")
    stops.publish()
    event = DowntimeEvent.objects.get()
    assert event.category == categories["jam"]  # the line's own mapping wins over the facility's
    assert event.comments == "Fault e42"  # as the controller sent it


def test_a_persons_entry_and_the_machines_stop_are_one_stop_whichever_comes_first(press, base, categories,
                                                                                  operator):
    # the person first, the machine's report after: the person's entry takes the machine's times, once
    record_event(operator, EventInput(line=press.line, start=base + dt.timedelta(minutes=2),
                                      end=base + dt.timedelta(minutes=6), category=categories["jam"], crew_size=3,
                                      machine=press), uuid.uuid4())
    detected(press, base, base + dt.timedelta(minutes=5))
    stops.publish()
    [event] = DowntimeEvent.objects.all()
    assert (event.start, event.end, event.category, event.crew_size, event.detected) == (
        base, base + dt.timedelta(minutes=6), categories["jam"], 3, True)
    # the machine first, then a person types the same stop: it gives the waiting stop its reason
    later = base + dt.timedelta(minutes=30)
    detected(press, later, later + dt.timedelta(minutes=10))
    stops.publish()
    result = record_event(operator, EventInput(line=press.line, start=later + dt.timedelta(minutes=1),
                                               end=later + dt.timedelta(minutes=8), category=categories["breakdown"],
                                               crew_size=1), uuid.uuid4())
    assert DowntimeEvent.objects.count() == 2
    merged = result.event
    assert (merged.start, merged.end, merged.category, merged.machine) == (
        later, later + dt.timedelta(minutes=10), categories["breakdown"], press)


def test_classify_in_one_step_and_refuse_a_second_classification(press, base, categories, operator,
                                                                 other_operator):
    detected(press, base, base + dt.timedelta(minutes=9))
    stops.publish()
    event = DowntimeEvent.objects.get()
    [done] = classify_stop(operator, Classification(event, categories["jam"]), key=str(uuid.uuid4()))
    assert (done.category, done.updated_by, done.crew_size) == (categories["jam"], operator, 2)
    with pytest.raises(Conflict):
        classify_stop(other_operator, Classification(event, categories["breakdown"]))
    with pytest.raises(Invalid):
        detected(press, base + dt.timedelta(minutes=20), base + dt.timedelta(minutes=25))
        stops.publish()
        classify_stop(operator, Classification(DowntimeEvent.objects.get(category__code=WAITING_CODE),
                                               categories["mechanical"]))  # a main category that has subs


def test_split_one_stop_between_two_reasons(press, base, categories, operator):
    detected(press, base, base + dt.timedelta(minutes=30))
    stops.publish()
    event = DowntimeEvent.objects.get()
    first, second = classify_stop(operator, Classification(event, categories["jam"], base + dt.timedelta(minutes=12),
                                                           categories["changeover"]))
    assert [(e.start, e.end, e.category, e.duration_minutes, e.detected) for e in (first, second)] == [
        (base, base + dt.timedelta(minutes=12), categories["jam"], 12, True),
        (base + dt.timedelta(minutes=12), base + dt.timedelta(minutes=30), categories["changeover"], 18, True)]
    assert sum(e.duration_minutes for e in DowntimeEvent.objects.all()) == 30


def test_a_stop_of_a_line_the_operator_does_not_work_on_is_not_theirs_to_classify(press, base, categories, plant,
                                                                                  client):
    detected(press, base, base + dt.timedelta(minutes=9))
    stops.publish()
    event = DowntimeEvent.objects.get()
    stranger = work_on(UserFactory(username="l2only", roles=["DowntimeTracker_User"]), plant["lines"][1])
    client.force_login(stranger)
    assert "waiting for a reason" not in client.get("/downtime/waiting/").content.decode()
    assert client.post(f"/downtime/events/{event.pk}/classify/", {"category": categories["jam"].pk}).status_code == 404


def test_the_tablet_lists_waiting_stops_first_and_classifies_in_two_taps(press, base, categories, operator,
                                                                         client):
    for minutes in (0, 20, 40):
        detected(press, base + dt.timedelta(minutes=minutes), base + dt.timedelta(minutes=minutes + 5))
    stops.publish()
    client.force_login(operator)
    html = client.get("/downtime/waiting/").content.decode()
    assert "3 stops waiting for a reason" in html and "PRESS-1" in html
    assert "Waiting for a reason" not in client.get("/downtime/").content.decode()  # not a reason to pick
    first = DowntimeEvent.objects.order_by("start").first()
    key = str(uuid.uuid4())
    answer = client.post(f"/downtime/events/{first.pk}/classify/", {"category": categories["jam"].pk,
                                                                     "idempotency_key": key}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and answer["HX-Trigger"] == "downtimeSaved"
    assert "2 stops waiting for a reason" in answer.content.decode()
    replay = client.post(f"/downtime/events/{first.pk}/classify/", {"category": categories["jam"].pk,
                                                                     "idempotency_key": key},
                         HTTP_X_OFFLINE_REPLAY="1")
    assert replay.status_code == 200 and replay.json()["ids"] == [first.pk]
    bad = client.post(f"/downtime/events/{first.pk}/classify/", {"category": categories["jam"].pk},
                      HTTP_X_OFFLINE_REPLAY="1")
    assert bad.status_code == 409
    second = DowntimeEvent.objects.filter(category__code=WAITING_CODE).order_by("start").first()
    split = client.post(f"/downtime/events/{second.pk}/classify/", {
        "split": "1", "category": categories["jam"].pk, "split_at": "99:00",
        "second_category": categories["changeover"].pk}, HTTP_HX_REQUEST="true")
    assert "Enter the split time as HH:MM." in split.content.decode()
    assert DowntimeEvent.objects.filter(category__code=WAITING_CODE).count() == 2  # nothing lost, nothing written
