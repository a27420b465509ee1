"""A stop of a category flagged "opens a maintenance ticket" opens one ticket for the line, or joins it: never two."""

import threading
import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from downtime.models import Category
from downtime.services.events import EventInput, record_event
from maintenance.models import DowntimeLink, Ticket
from maintenance.services import open_ticket
from portal.testing.factories import UserFactory
from portal.workflow import apply_transition

from .conftest import local


@pytest.fixture
def stops(works):
    main = Category.objects.create(name="Breakdown")
    breakdown = Category.objects.create(name="Hydraulic", parent=main, opens_maintenance_ticket=True)
    flagged_main = Category.objects.create(name="Electrical", opens_maintenance_ticket=True)
    electrical = Category.objects.create(name="Drive fault", parent=flagged_main)  # flag inherited from its main
    material = Category.objects.create(name="No material")
    operator = UserFactory(username="op", roles=["DowntimeTracker_User"],
                           lines=[works["press_line"], works["weld_line"]])
    return {"breakdown": breakdown, "electrical": electrical, "material": material, "operator": operator}


def _record(works, stops, category, start_hour, line=None, key=None):
    f = works["facility"]
    data = EventInput(line=line or works["press_line"], start=local(f, 2026, 11, 27, start_hour),
                      end=local(f, 2026, 11, 27, start_hour, 30), category=category, crew_size=2,
                      comments="Ram stuck")
    return record_event(stops["operator"], data, idempotency_key=key or uuid.uuid4()).event


def test_flagged_stop_opens_a_ticket_for_the_line_machine(works, stops):
    event = _record(works, stops, stops["breakdown"], 8)
    ticket = Ticket.objects.get()
    assert ticket.machine == works["press"] and ticket.line == works["press_line"]  # the line's only machine
    assert ticket.source == "downtime" and ticket.kind == "corrective" and ticket.state == "open"
    assert ticket.reported_by == stops["operator"] and "Hydraulic" in ticket.problem
    assert ticket.resolution_due is not None
    assert event.maintenance_link.ticket == ticket and event.maintenance_link.opened_ticket


def test_second_stop_joins_the_open_ticket_and_unflagged_stops_open_nothing(works, stops):
    _record(works, stops, stops["breakdown"], 8)
    _record(works, stops, stops["electrical"], 9)
    _record(works, stops, stops["material"], 10)
    assert Ticket.objects.count() == 1
    assert DowntimeLink.objects.filter(ticket=Ticket.objects.get()).count() == 2


def test_a_replayed_stop_links_once(works, stops):
    key = uuid.uuid4()
    _record(works, stops, stops["breakdown"], 8, key=key)
    _record(works, stops, stops["breakdown"], 8, key=key)
    assert Ticket.objects.count() == 1 and DowntimeLink.objects.count() == 1


def test_joins_a_reported_ticket_of_the_machine(works, stops, technician):
    reported, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Noise", reported_by=technician)
    _record(works, stops, stops["breakdown"], 8)
    assert list(Ticket.objects.all()) == [reported]
    assert reported.downtime_links.count() == 1


def test_after_the_ticket_is_finished_a_new_stop_opens_a_new_one(works, stops, technician):
    _record(works, stops, stops["breakdown"], 8)
    first = Ticket.objects.get()
    first = apply_transition(first, "start", technician)
    apply_transition(first, "finish", technician, resolution="Replaced the valve")
    _record(works, stops, stops["breakdown"], 11)
    assert Ticket.objects.count() == 2 and Ticket.objects.filter(state="open").count() == 1


def test_a_line_with_several_machines_gets_a_line_ticket(works, stops):
    _record(works, stops, stops["breakdown"], 8, line=works["weld_line"])
    ticket = Ticket.objects.get()
    assert ticket.machine is None and ticket.line == works["weld_line"]


def test_the_database_refuses_a_second_open_downtime_ticket(works, stops):
    _record(works, stops, stops["breakdown"], 8)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(line=works["press_line"], priority=Ticket.objects.get().priority, problem="dup",
                              source="downtime")


@pytest.mark.django_db(transaction=True)
def test_two_stops_recorded_at_once_open_one_ticket(works, stops):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers anyway)")
    errors = []

    def record(hour):
        try:
            _record(works, stops, stops["breakdown"], hour)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(h,)) for h in (8, 9, 10, 11)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert Ticket.objects.count() == 1 and DowntimeLink.objects.count() == 4
