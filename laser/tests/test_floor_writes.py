"""Runs through the one receiver, as operators and leads meet it: a run is ended by its operator or a lead acting
for them (audited); another operator's key finds nothing; runs start on the shop's machines only; floor times are
bounded; without a department there is nothing to record; every refusal in the portal's one contract."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from laser.models import InventoryItem, LaserRun, StockMovement
from laser.services.runs import end_run, start_run
from portal.commands import Forbidden, Invalid
from portal.models import CommandKey
from portal.services.scoping import NO_LINES_HINT
from portal.testing.factories import FacilityFactory, MachineFactory, ProductionLineFactory, UserFactory

RUNS, END = "/api/laser/runs/", "/api/laser/runs/end/"


@pytest.fixture
def other_operator(shop):
    return UserFactory(username="second_operator", roles=["Laser_Operator"], lines=[shop["line"]])


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _start_body(shop, key="s1", **kw):
    return {"start_key": key, "project": shop["project"].pk, "machine": shop["machine"].pk, **kw}


def _stock(shop) -> int:
    return InventoryItem.objects.get(pk=shop["item"].pk).quantity


# --- Ownership ---------------------------------------------------------------------------------------------------

def test_another_operators_start_key_is_not_found_and_changes_nothing(client, shop, other_operator):
    client.force_login(shop["operator"])
    run_id = _post(client, RUNS, _start_body(shop, "mine")).json()["id"]
    client.force_login(other_operator)
    for body in ({"start_key": "mine"}, {"run": run_id}):
        refused = _post(client, END, {**body, "end_key": "x", "sheets_used": 10000})
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"
        assert "mine" not in refused.content.decode() and shop["operator"].username not in refused.content.decode()
    run = LaserRun.objects.get()
    assert run.status == "running" and run.sheets_used is None
    assert _stock(shop) == 10 and not StockMovement.objects.exists()


def test_another_operator_ending_the_run_is_forbidden_and_nothing_is_deducted(shop, other_operator):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    with pytest.raises(Forbidden) as refused:
        end_run(run=run, sheets_used=10000, user=other_operator, key="x")
    assert refused.value.status == 403 and "Only the operator who started this run" in refused.value.message
    run.refresh_from_db()
    assert run.status == "running" and _stock(shop) == 10 and not StockMovement.objects.exists()
    assert not CommandKey.objects.filter(user=other_operator).exists()


def test_a_lead_ends_an_operators_run_and_the_audit_names_both(client, shop):
    client.force_login(shop["operator"])
    run_id = _post(client, RUNS, _start_body(shop)).json()["id"]
    client.force_login(shop["manager"])
    ended = _post(client, END, {"run": run_id, "end_key": "lead-end", "sheets_used": 3})
    assert ended.status_code == 201 and ended.json()["status"] == "completed"
    assert _stock(shop) == 7
    assert StockMovement.objects.get().user == shop["manager"]
    entry = LogEntry.objects.get(additional_data__acting_for=shop["operator"].username)
    assert entry.actor == shop["manager"] and entry.object_pk == str(run_id)
    assert entry.additional_data["what"] == "ended the run"
    # by the start key too: the lead reads every run of the shop
    client.force_login(shop["operator"])
    second = _post(client, RUNS, _start_body(shop, "s2")).json()["id"]
    client.force_login(shop["manager"])
    assert _post(client, END, {"start_key": "s2", "end_key": "lead-end-2", "sheets_used": 1}).status_code == 201
    assert LaserRun.objects.get(pk=second).status == "completed"


def test_the_operator_ending_their_own_run_is_not_an_act_for_someone_else(shop):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    end_run(run=run, sheets_used=1, user=shop["operator"], key="e1")
    assert not LogEntry.objects.filter(additional_data__has_key="acting_for").exists()


def test_operators_list_only_their_own_runs_and_leads_all(client, shop, other_operator):
    start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="mine")
    start_run(project=shop["project"], machine=shop["machines"][1], operator=other_operator, key="theirs")
    client.force_login(other_operator)
    listed = client.get(RUNS).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["start_key"] for r in rows] == ["theirs"]
    mine = LaserRun.objects.get(start_key="mine")
    assert client.get(f"{RUNS}{mine.pk}/").status_code == 404
    client.force_login(shop["manager"])
    listed = client.get(RUNS).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert sorted(r["start_key"] for r in rows) == ["mine", "theirs"]


def test_the_phone_page_shows_an_operator_their_own_running_runs(client, shop, other_operator):
    start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="mine")
    theirs, _ = start_run(project=shop["project"], machine=shop["machines"][1], operator=other_operator,
                          key="theirs")
    client.force_login(shop["operator"])
    page = client.get(reverse("laser:phone")).content.decode()
    assert 'data-start-key="mine"' in page and 'data-start-key="theirs"' not in page
    client.force_login(shop["manager"])
    page = client.get(reverse("laser:phone")).content.decode()
    assert 'data-start-key="theirs"' in page and f'data-run="{theirs.pk}"' in page


# --- Keys scoped to the writer ------------------------------------------------------------------------------------

def test_the_same_start_key_from_another_operator_is_a_new_run(client, shop, other_operator):
    client.force_login(shop["operator"])
    first = _post(client, RUNS, _start_body(shop, "shared"))
    client.force_login(other_operator)
    second = _post(client, RUNS, _start_body(shop, "shared", machine=shop["machines"][1].pk))
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["id"] != first.json()["id"] and second.json()["operator"] == other_operator.username
    assert second.json()["machine_code"] == "LZ-2"
    assert LaserRun.objects.filter(start_key="shared").count() == 2


def test_a_reused_end_key_with_another_sheet_count_is_refused(client, shop):
    client.force_login(shop["operator"])
    _post(client, RUNS, _start_body(shop))
    end = {"start_key": "s1", "end_key": "e1", "sheets_used": 2}
    assert _post(client, END, end).status_code == 201
    reused = _post(client, END, {**end, "sheets_used": 5})
    assert reused.status_code == 409 and reused.json()["code"] == "key_reused"
    assert "different entry" in reused.json()["detail"]
    assert _stock(shop) == 8 and LaserRun.objects.get().sheets_used == 2
    # a start key reused for another project is refused the same way
    restart = _post(client, RUNS, _start_body(shop, machine=shop["machines"][1].pk))
    assert restart.status_code == 409 and restart.json()["code"] == "key_reused"
    assert LaserRun.objects.count() == 1


# --- The shop's machines, its line, the times ----------------------------------------------------------------------

def test_a_run_starts_only_on_an_active_machine_of_the_shop(client, shop):
    chicago = FacilityFactory(code="CHI", time_zone="America/Chicago")
    filler = MachineFactory(line=ProductionLineFactory(facility=chicago, code="FILL"), code="FILL-1",
                            machine_type="filling")
    client.force_login(shop["operator"])
    refused = _post(client, RUNS, _start_body(shop, machine=filler.pk))
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert "FILL-1 is not a machine of line LASER" in refused.json()["machine"][0]
    shop["machines"][1].active = False
    shop["machines"][1].save()
    off = _post(client, RUNS, _start_body(shop, "s2", machine=shop["machines"][1].pk))
    assert off.status_code == 400 and "LZ-2 is deactivated" in off.json()["machine"][0]
    assert not LaserRun.objects.exists() and not CommandKey.objects.exists()
    page = client.get(reverse("laser:phone")).content.decode()
    assert "FILL-1" not in page and "LZ-2" not in page and "LZ-1" in page


def test_a_project_not_in_cutting_is_a_conflict(client, shop):
    shop["project"].stage = "quotes"
    shop["project"].save()
    client.force_login(shop["operator"])
    refused = _post(client, RUNS, _start_body(shop))
    assert refused.status_code == 409 and "not ready to cut" in refused.json()["detail"]
    assert not LaserRun.objects.exists()


@pytest.mark.parametrize("started", [dt.datetime(1, 1, 1, tzinfo=dt.UTC), "tomorrow", "two years ago"])
def test_start_times_are_bounded(shop, started):
    now = timezone.now()
    started = {"tomorrow": now + dt.timedelta(days=1), "two years ago": now - dt.timedelta(days=730)}.get(
        started, started)
    with pytest.raises(Invalid) as refused:
        start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1", at=started)
    assert list(refused.value.errors) == ["started_at"]
    assert not LaserRun.objects.exists()


def test_end_times_are_bounded_and_after_the_start(shop):
    now = timezone.now()
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1",
                       at=now - dt.timedelta(hours=2))
    for ended in (now + dt.timedelta(hours=1), now - dt.timedelta(hours=3)):
        with pytest.raises(Invalid) as refused:
            end_run(run=run, sheets_used=2, user=shop["operator"], key=f"e-{ended:%H}", at=ended)
        assert list(refused.value.errors) == ["ended_at"]
    run.refresh_from_db()
    assert run.status == "running" and _stock(shop) == 10


# --- Fail closed: no department, no line ---------------------------------------------------------------------------

def test_an_operator_without_a_department_sees_no_line_and_records_nothing(client, shop):
    alone = UserFactory(username="no_department", roles=["Laser_Operator"])
    start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="mine")
    client.force_login(alone)
    page = client.get(reverse("laser:phone"))
    content = page.content.decode()
    assert page.status_code == 200 and str(NO_LINES_HINT) in content
    assert "start-form" not in content and 'data-start-key="mine"' not in content and "LZ-1" not in content
    lists = client.get(reverse("laser:phone-lists")).content.decode()
    assert "start-form" not in lists and "LZ-1" not in lists
    refused = _post(client, RUNS, _start_body(shop, "s-alone"))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert "LASER" in refused.json()["detail"]
    listed = client.get(RUNS).json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert LaserRun.objects.count() == 1 and not CommandKey.objects.filter(user=alone).exists()


def test_an_operator_taken_off_the_shop_cannot_end_their_run(shop):
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="s1")
    shop["operator"].departments.clear()
    with pytest.raises(Forbidden):
        end_run(run=run, sheets_used=2, user=shop["operator"], key="e1")
    assert _stock(shop) == 10


def test_the_demo_operator_works_in_the_laser_shop(db):
    from laser.demo import build_demo, start_current_run

    operator = UserFactory(username="demo_laser_operator", roles=["Laser_Operator"])
    build_demo()
    start_current_run()  # its own demo step, after the history
    assert operator.departments.filter(name="Laser shop").exists()
    assert LaserRun.objects.filter(operator=operator, status="completed").count() == 3
    assert LaserRun.objects.filter(operator=operator, status="running").count() == 1
