"""The operator works the plan: assignment, "my operations for this shift", and each floor action recorded once in
the production ledger, quality and downtime, read back by planning's progress and OEE."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from downtime.models import DowntimeEvent
from portal.commands import Conflict, Forbidden, Invalid, NeedsConfirmation
from portal.roles import PLANNER
from portal.testing.factories import DepartmentFactory, UserFactory
from production.models import Balance, Movement
from production.services import oee_inputs
from quality.models import InternalReject
from scheduling.planning.services.assignment import assign_operation
from scheduling.planning.services.floor import my_operations, work_operation
from scheduling.planning.services.progress import made_by_operation

from .operator_fixtures import running_plant


@pytest.fixture
def plant(db):
    return running_plant()


def _assign(plant, *ops, to="operator"):
    for op in ops:
        assign_operation(op, operator=plant[to])


def test_the_phone_shows_exactly_the_operators_operations_of_this_shift_in_plan_order(plant, client):
    crew = DepartmentFactory(name="Welding crew")
    plant["operator"].departments.add(crew)
    assign_operation(plant["welding"], crew=crew)  # by crew
    assign_operation(plant["cutting"], operator=plant["operator"])  # by name
    assign_operation(plant["tomorrow"], operator=plant["operator"])  # another shift: not listed
    _, mine = my_operations(plant["operator"])
    assert [op.pk for op in mine] == [plant["cutting"].pk, plant["welding"].pk]
    assert my_operations(plant["other"])[1] == []

    client.force_login(plant["operator"])
    page = client.get(reverse("planning:my-operations")).content.decode()
    assert page.index("cutting") < page.index("welding") and "PLN-8" not in page
    client.force_login(plant["other"])
    page = client.get(reverse("planning:my-operations")).content.decode()
    assert "PLN-7" not in page and 'id="no-operations"' in page
    # another operator's operation is not theirs to open
    assert client.get(reverse("planning:my-operation", args=[plant["cutting"].pk])).status_code == 404


def test_a_recorded_quantity_moves_the_balance_the_plan_and_oee_once(plant):
    cutting = plant["cutting"]
    _assign(plant, cutting)
    now = timezone.now()
    lines = [plant["cut"]]
    oee_before = sum(row[-1] for row in oee_inputs.produced(lines, now - dt.timedelta(hours=1),
                                                            now + dt.timedelta(hours=1)))
    received = work_operation(plant["operator"], cutting, "record", {"good": "40", "scrap": "3",
                                                                   "defect": plant["scratch"].pk}, key="k-1")
    assert received.record.status == "running"  # recording on an operation not started starts it
    balance = Balance.objects.get(order__number="PLN-7", line=plant["cut"])
    assert (balance.quantity_in, balance.quantity_out, balance.balance) == (43, 43, 0)
    assert made_by_operation([cutting]) == {cutting.pk: 43}
    oee_after = sum(row[-1] for row in oee_inputs.produced(lines, now - dt.timedelta(hours=1),
                                                           now + dt.timedelta(hours=1)))
    assert oee_after - oee_before == 43
    reject = InternalReject.objects.get()
    assert (reject.quantity, reject.defect, reject.line, reject.part) == (3, plant["scratch"], plant["cut"], "BR-100")

    # the phone's retry of the same entry records nothing again
    again = work_operation(plant["operator"], cutting, "record", {"good": "40", "scrap": "3",
                                                                "defect": plant["scratch"].pk}, key="k-1")
    assert again.created is False
    assert Movement.objects.count() == 3 and InternalReject.objects.count() == 1
    assert made_by_operation([cutting]) == {cutting.pk: 43}

    # units already moved IN at the work center (the production page) are not brought in a second time
    from production.services.ledger import record_movement

    record_movement(user=plant["operator"], line=plant["weld"], order_number="PLN-7", direction="IN", quantity=40)
    _assign(plant, plant["welding"])
    work_operation(plant["operator"], plant["welding"], "record", {"good": "30"}, key="k-2")
    weld = Balance.objects.get(order__number="PLN-7", line=plant["weld"])
    assert (weld.quantity_in, weld.quantity_out, weld.balance) == (40, 30, 10)
    assert InternalReject.objects.count() == 1  # scrap without a reason is no reject


@pytest.mark.django_db(databases=["default", "erp"])
def test_quantities_are_checked_for_plausibility(plant, plausibility):
    cutting = plant["cutting"]
    _assign(plant, cutting)
    with pytest.raises(Invalid):
        work_operation(plant["operator"], cutting, "record", {"good": "", "scrap": "0"})
    with pytest.raises(Invalid):
        work_operation(plant["operator"], cutting, "record", {"good": "-4"})
    with pytest.raises(NeedsConfirmation):  # planned for 200: 260 is asked about
        work_operation(plant["operator"], cutting, "record", {"good": "260"}, key="big")
    assert not Movement.objects.exists()
    with pytest.raises(Invalid):  # far above: refused
        work_operation(plant["operator"], cutting, "record", {"good": "5000"})
    work_operation(plant["operator"], cutting, "record", {"good": "260", "confirm_quantity": True}, key="big")
    assert made_by_operation([cutting]) == {cutting.pk: 260}


def test_pause_records_one_downtime_stop_and_finish_closes(plant):
    cutting = plant["cutting"]
    _assign(plant, cutting)
    user = plant["operator"]
    with pytest.raises(Conflict):
        work_operation(user, cutting, "pause", {"category": plant["jam"].pk})  # not running yet
    work_operation(user, cutting, "start", key="s")
    with pytest.raises(Invalid):
        work_operation(user, cutting, "pause", {})
    op = work_operation(user, cutting, "pause", {"category": plant["jam"].pk}, key="p").record
    assert op.status == "paused" and not DowntimeEvent.objects.exists()
    op.paused_at = timezone.now() - dt.timedelta(minutes=12)
    op.save()
    op = work_operation(user, cutting, "start", key="r").record
    event = DowntimeEvent.objects.get()
    assert (event.line, event.machine, event.category, event.created_by) == (
        plant["cut"], plant["laser"], plant["jam"], user)
    assert 11 <= (event.end - event.start).total_seconds() / 60 <= 13
    work_operation(user, cutting, "start", key="r")  # a retried resume: the same stop, once
    assert DowntimeEvent.objects.count() == 1
    work_operation(user, cutting, "pause", {"category": plant["jam"].pk}, key="p2")
    work_operation(user, cutting, "start", key="r2")  # resumed within the minute: downtime keeps whole minutes
    assert DowntimeEvent.objects.count() == 1
    op = work_operation(user, cutting, "finish", key="f").record
    assert op.status == "done" and op.finished_at
    with pytest.raises(Conflict):
        work_operation(user, cutting, "record", {"good": "1"})
    _, mine = my_operations(user)
    assert cutting.pk not in [o.pk for o in mine]


def test_only_the_assigned_operator_works_it(plant):
    with pytest.raises(Forbidden):
        work_operation(plant["other"], plant["cutting"], "start")
    _assign(plant, plant["cutting"])
    with pytest.raises(Forbidden):
        work_operation(plant["other"], plant["cutting"], "record", {"good": "1"})
    assert not Movement.objects.exists()


def test_the_phone_posts_through_the_queue_contract(plant, client):
    _assign(plant, plant["cutting"])
    client.force_login(plant["operator"])
    url = reverse("planning:my-operation-act", args=[plant["cutting"].pk, "record"])
    body = {"good": "12", "idempotency_key": "q-1"}
    answer = client.post(url, json.dumps(body), content_type="application/json", HTTP_X_OFFLINE_REPLAY="1")
    assert answer.status_code == 201 and answer.json()["made"] == 12
    answer = client.post(url, json.dumps(body), content_type="application/json", HTTP_X_OFFLINE_REPLAY="1")
    assert answer.status_code == 200 and answer.json()["made"] == 12
    refused = client.post(url, json.dumps({"good": "x"}), content_type="application/json",
                          HTTP_X_OFFLINE_REPLAY="1")
    assert refused.status_code == 400 and "good" in refused.json()
    # the plain form (no JavaScript) comes back to the page with the message
    answer = client.post(reverse("planning:my-operation-act", args=[plant["cutting"].pk, "finish"]))
    assert answer.status_code == 302
    page = client.get(answer.url).content.decode()
    assert "This operation is finished." in page


def test_planners_assign_on_the_order_page_audited(plant, client):
    planner = UserFactory(username="planner", roles=[PLANNER])
    client.force_login(planner)
    url = reverse("planning:assign", args=[plant["cutting"].pk])
    client.post(url, {"operator": plant["operator"].pk})
    plant["cutting"].refresh_from_db()
    assert plant["cutting"].operator == plant["operator"]
    entry = LogEntry.objects.get_for_object(plant["cutting"]).filter(changes_text__contains="operator").first() \
        or LogEntry.objects.get_for_object(plant["cutting"]).first()
    assert entry is not None and entry.actor == planner and "operator" in entry.changes_dict
    client.post(url, {"operator": UserFactory(username="clerk").pk})  # may not work operations: refused
    plant["cutting"].refresh_from_db()
    assert plant["cutting"].operator == plant["operator"]
    page = client.get(plant["order"].get_absolute_url()).content.decode()
    assert "assign-form" in page
    # the operator cannot assign
    client.force_login(plant["operator"])
    assert client.post(url, {"operator": ""}).status_code == 403


def test_the_phone_list_reads_a_bounded_number_of_queries(plant, client, django_assert_max_num_queries):
    from scheduling.planning.models import Operation

    base = plant["cutting"]
    for n in range(2, 12):  # ten more stages of the shift, each with output recorded
        op = Operation.objects.create(order=base.order, sequence=10 + n, stage=f"stage {n}", line=base.line,
                                      planned_start=base.planned_start, planned_end=base.planned_end, units=50,
                                      operator=plant["operator"])
        work_operation(plant["operator"], op, "record", {"good": "1"}, key=f"n{n}")
    client.force_login(plant["operator"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("planning:my-operations"))
    assert page.content.decode().count("operation-card") == 10
