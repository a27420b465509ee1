"""Adapter against hand-made ERP rows, the stored run, the task with its progress, the command."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext

from mrp.engine.allocation import NO_BOM, Stock
from mrp.models import MrpLine, MrpRun, MrpShortage
from mrp.services import components_of, execute_run, purge_old_runs, request_run
from mrp.services import erp_inputs as adapter
from mrp.tasks import run_mrp

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def test_adapter_reads_open_lines_usable_stock_open_jobs_latest_bom_open_po(mrp_scenario):
    with CaptureQueriesContext(connections["erp"]) as queries:
        data = adapter.read_input()
    assert len(queries) == 6  # lines, stock, jobs, BOM headers, BOM lines, POs: whatever the size
    assert sorted((line.id, line.open_quantity) for line in data.lines) == [
        (1, D(5)), (2, D(4)), (3, D(10)), (4, D(6)), (5, D(1))]
    assert data.stock["FG-A"] == Stock(D(7), D(2))  # HOLD lot left out
    assert sorted((j.job_number, j.remaining) for j in data.jobs) == [("J-1", D(4)), ("J-2", D(3))]
    assert [(c.part_number, c.quantity_per, c.scrap_percent) for c in data.boms["FG-B"]] == [
        ("C-1", D(2), D(10)), ("C-2", D(1), D(0))]  # revision B, not A; FG-A's only BOM is inactive
    assert "FG-A" not in data.boms
    assert data.open_po == {"C-1": D(1)}


def test_stored_run_has_every_line_with_its_allocation(stored_run):
    run = stored_run
    assert run.status == MrpRun.Status.DONE and run.progress == 100 and run.requested_by.username
    assert run.sizes["lines"] == 5 and run.sizes["jobs"] == 2 and set(run.timings) == {"read", "engine", "store",
                                                                                          "total"}
    lines = {line.so_line_id: line for line in MrpLine.objects.filter(run=run)}
    assert [(x.so_line_id, x.status) for x in MrpLine.objects.filter(run=run).order_by("position")] == [
        (1, "READY_TO_SHIP"), (2, "PENDING_QC"), (3, "PARTIAL_PRODUCTION_READY"), (4, "CRITICAL_SHORTAGE"),
        (5, "CRITICAL_SHORTAGE")]
    assert (lines[2].from_approved, lines[2].from_pending_qc) == (2, 2)
    l3 = lines[3]
    assert (l3.from_jobs, l3.remainder, l3.producible, l3.bottleneck) == (7, 3, 2, "C-1")
    c1, c2 = components_of(l3)
    assert (c1["need_per_unit"], c1["supply_before"], c1["from_approved"], c1["from_po"], c1["shortfall"]) == (
        D("2.2"), D(5), D(4), D("0.4"), D("1.6"))
    assert c1["bottleneck"] and not c2["bottleneck"] and c2["from_pending_qc"] == D(2)
    assert lines[4].bottleneck == NO_BOM and lines[5].bottleneck == "C-1"
    assert lines[1].value == D("52.50")  # 5 × 10.50
    assert run.counts["CRITICAL_SHORTAGE"] == 2
    shortages = MrpShortage.objects.filter(run=run).order_by("due_date")
    assert [(s.so_line_id, s.component, s.shortfall) for s in shortages] == [(3, "C-1", D("1.6")),
                                                                            (5, "C-1", D("1.6"))]
    assert run.components["C-1"][0] == "C-1 description" and D(run.components["C-1"][2]) == D(4)


def test_task_reports_progress_and_is_idempotent(mrp_scenario, role_user):
    run, created = request_run(role_user("Scheduling_User"))
    assert created and run.status == MrpRun.Status.QUEUED
    again, created_again = request_run()
    assert (again.pk, created_again) == (run.pk, False)  # a second click joins the queued run
    assert run_mrp(run.pk) == MrpRun.Status.DONE
    run.refresh_from_db()
    assert (run.progress, run.step, run.status) == (100, "Done", MrpRun.Status.DONE)
    assert run_mrp(run.pk) == MrpRun.Status.DONE and MrpLine.objects.filter(run=run).count() == 5  # no re-run
    assert run_mrp(999999) == "missing"


def test_a_run_already_taken_by_a_worker_is_not_executed_twice(mrp_scenario):
    run, _ = request_run()
    MrpRun.objects.filter(pk=run.pk).update(status=MrpRun.Status.RUNNING)
    assert run_mrp(run.pk) == MrpRun.Status.RUNNING
    assert not MrpLine.objects.filter(run=run).exists()


def test_failed_run_is_marked_with_the_error(mrp_scenario, monkeypatch):
    def broken():
        raise RuntimeError("ERP unreachable")

    monkeypatch.setattr(adapter, "read_input", broken)
    run, _ = request_run()
    run = execute_run(run)
    assert run.status == MrpRun.Status.FAILED and "ERP unreachable" in run.error
    assert request_run()[1]  # a failed run does not block the next refresh


def test_stale_run_does_not_block_refresh_forever(mrp_scenario):
    run, _ = request_run()
    MrpRun.objects.filter(pk=run.pk).update(created_at=run.created_at - dt.timedelta(hours=2))
    new, created = request_run()
    assert created and new.pk != run.pk
    assert MrpRun.objects.get(pk=run.pk).status == MrpRun.Status.FAILED


def test_old_runs_are_purged(mrp_scenario):
    for _ in range(7):
        execute_run(request_run()[0])
    purge_old_runs(keep=5)
    assert MrpRun.objects.count() == 5 and MrpLine.objects.count() == 25


def test_command_prints_lines_and_json(mrp_scenario, capsys):
    call_command("mrp_run")
    out = capsys.readouterr().out
    assert "SO-1" in out and "PARTIAL_PRODUCTION_READY" in out and "no BOM" in out
    call_command("mrp_run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert [line["status"] for line in data["lines"]][:2] == ["READY_TO_SHIP", "PENDING_QC"]
    assert data["lines"][2]["components"][0]["shortfall"] == "1.6"


def test_a_run_whose_worker_died_is_taken_over_by_the_redelivered_task_and_stored_once(mrp_scenario):
    from mrp.services import resume_after_worker_loss

    run, _ = request_run()
    # The first worker claimed it and died before committing its result.
    MrpRun.objects.filter(pk=run.pk).update(status=MrpRun.Status.RUNNING, progress=60)
    assert execute_run(run).status == MrpRun.Status.RUNNING  # an ordinary second delivery leaves it alone
    done = execute_run(resume_after_worker_loss(run))
    assert done.status == MrpRun.Status.DONE
    assert MrpLine.objects.filter(run=run).count() == 5  # stored once
    assert resume_after_worker_loss(done).status == MrpRun.Status.DONE  # a finished run is never reset
