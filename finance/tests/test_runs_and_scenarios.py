"""The cost list fills itself, Recompute shows progress and refuses a second run, and scenarios are made on the pages.

Figures over conftest's hand-made ERP (see test_pages.py): standard FG-X 12.35, FG-Y 0.25. A scenario with RES
(business unit Chem) +12 % and LAB at 0.2: SA-1 = 0.52 × 11.2 + 3 × 0.2 = 6.424; FG-X = 2.2 × 6.424 + 0.25 =
14.3828, difference 2.0328 = 16.46 % of 12.35; FG-Y (BOT only) unchanged.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from finance.models import CostRun, ProductCost, Scenario, ScenarioPartCost
from finance.services import costing
from finance.tasks import nightly_costs
from portal.periodic import collect_periodic_tasks
from portal.roles import FINANCE, SCHEDULING_USER

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def _formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _scenario_post(name="resin and labels", parts=(), units=(), parts_initial=0, units_initial=0, **fields):
    return {"name": name, "description": "Supplier letters of May", "margin_threshold": "30", "active": "on",
            **fields, **_formset("parts", list(parts), parts_initial), **_formset("units", list(units), units_initial)}


def test_a_new_finance_user_opening_the_list_gets_it_filled(erp, client_for, django_capture_on_commit_callbacks):
    client = client_for(FINANCE)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(reverse("finance:costs"))
        # The page answers at once with the progress panel; the worker (here: the commit) then computes.
        assert first.status_code == 200
        assert 'id="cost-run-status"' in first.content.decode()
        assert not first.context["rows"]
    run = CostRun.objects.get()
    assert (run.status, run.trigger, run.rows, run.total, run.done) == (
        CostRun.Status.DONE, CostRun.Trigger.FIRST_USE, 2, 2, 2)
    assert run.requested_by.username == first.context["user"].username
    # The panel's poll sees the run finished and reloads the page, which now lists the products.
    poll = client.get(reverse("finance:run-status", args=[run.pk]), {"poll": 1})
    assert (poll.status_code, poll["HX-Refresh"]) == (204, "true")
    page = client.get(reverse("finance:costs"))
    assert [row["object"].part_number for row in page.context["rows"]] == ["FG-Y", "FG-X"]
    assert 'id="cost-run-info"' in page.content.decode()
    assert CostRun.objects.count() == 1, "opening the list again starts nothing"


def test_progress_reads_n_of_m_while_running(erp, client_for):
    run = CostRun.objects.create(status=CostRun.Status.RUNNING, started_at=timezone.now(), done=3, total=10)
    content = client_for(FINANCE).get(reverse("finance:run-status", args=[run.pk]), {"poll": 1}).content.decode()
    assert "computing… 3 of 10 products" in content
    assert 'hx-trigger="every 1s"' in content


def test_recompute_while_a_run_is_in_progress_is_refused(erp, client_for, django_capture_on_commit_callbacks):
    costing.refresh()
    busy = CostRun.objects.create(status=CostRun.Status.RUNNING, started_at=timezone.now(), done=1, total=2)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client_for(FINANCE).post(reverse("finance:refresh"), follow=True)
    assert "already running (1 of 2 products)" in response.content.decode()
    assert 'id="recompute" disabled' in response.content.decode()
    assert list(CostRun.objects.values_list("pk", flat=True)) == [busy.pk] and not queued


def test_a_run_whose_worker_died_stops_blocking(erp, client_for, django_capture_on_commit_callbacks):
    stale = CostRun.objects.create(status=CostRun.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(FINANCE).post(reverse("finance:refresh"))
    stale.refresh_from_db()
    assert (stale.status, stale.active) == (CostRun.Status.FAILED, False)
    assert CostRun.objects.filter(status=CostRun.Status.DONE, rows=2).exists()


def test_the_nightly_run_refreshes_the_standard_and_every_active_scenario(erp, resin):
    Scenario.objects.create(name="retired", active=False)
    assert nightly_costs() == 2
    assert ProductCost.objects.get(scenario=resin, part_number="FG-X").cost == D("13.7228")
    assert set(CostRun.objects.values_list("trigger", "status")) == {(CostRun.Trigger.SCHEDULED, CostRun.Status.DONE)}
    spec = next(s for s in collect_periodic_tasks() if s.task == "finance.tasks.nightly_costs")
    assert spec.crontab == "0 2 * * *"


def test_a_scenario_is_created_edited_and_compared_on_the_pages(erp, client_for,
                                                                django_capture_on_commit_callbacks):
    client = client_for(FINANCE)
    costing.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(reverse("finance:scenario-new"), _scenario_post(
            parts=[{"part_number": " lab ", "unit_cost": "0.2"}, {"part_number": "", "unit_cost": ""}],
            units=[{"business_unit": "chem", "percent": "12"}]))
    scenario = Scenario.objects.get(name="resin and labels")
    assert created.status_code == 302 and created["Location"] == reverse("finance:scenario-compare",
                                                                          args=[scenario.pk])
    assert list(scenario.part_costs.values_list("part_number", "unit_cost")) == [("LAB", D("0.2"))]
    assert list(scenario.unit_changes.values_list("business_unit", "percent")) == [("Chem", D(12))]
    assert LogEntry.objects.get_for_object(scenario).filter(actor__isnull=False).exists(), "audited with its actor"

    compare = client.get(reverse("finance:scenario-compare", args=[scenario.pk]))
    rows = {row["object"].part_number: row["object"] for row in compare.context["rows"]}
    fg_x = rows["FG-X"]
    assert (fg_x.standard_cost, fg_x.cost, fg_x.difference) == (D("12.35"), D("14.3828"), D("2.0328"))
    assert round(fg_x.difference_percent, 2) == D("16.46")
    assert rows["FG-Y"].difference == 0
    assert [row["object"].part_number for row in compare.context["rows"]][0] == "FG-X", "largest change first"
    assert "$14.38" in compare.content.decode() and "16.5%" in compare.content.decode()
    export = client.get(reverse("finance:scenario-compare", args=[scenario.pk]), {"export": "csv"})
    assert "14.3828" in b"".join(export.streaming_content).decode()

    # Edit: the LAB override removed, the rest kept -> only the resin rise remains (FG-X 13.7228).
    part = scenario.part_costs.get()
    unit = scenario.unit_changes.get()
    with django_capture_on_commit_callbacks(execute=True):
        edited = client.post(reverse("finance:scenario-edit", args=[scenario.pk]), _scenario_post(
            parts=[{"id": part.pk, "part_number": "LAB", "unit_cost": "0.2", "DELETE": "on"}], parts_initial=1,
            units=[{"id": unit.pk, "business_unit": "Chem", "percent": "12"}], units_initial=1))
    assert edited.status_code == 302 and not ScenarioPartCost.objects.exists()
    assert ProductCost.objects.get(scenario=scenario, part_number="FG-X").cost == D("13.7228")


def test_bad_scenario_rows_are_field_errors_and_nothing_is_saved(erp, client_for):
    client = client_for(FINANCE)
    response = client.post(reverse("finance:scenario-new"), _scenario_post(
        parts=[{"part_number": "NOPE-1", "unit_cost": "1"}, {"part_number": "LAB", "unit_cost": "-1"},
               {"part_number": "BOT", "unit_cost": "1"}, {"part_number": "bot", "unit_cost": "2"}],
        units=[{"business_unit": "Marketing", "percent": "5"}]))
    assert response.status_code == 200, "the form again, with its messages (no console error in the browser)"
    content = response.content.decode()
    assert "The scenario was not saved" in content
    assert "NOPE-1 is not a part in the ERP." in content
    assert "BOT is listed twice." in content
    assert "No ERP part belongs to the business unit Marketing." in content
    assert 'value="NOPE-1"' in content, "what was typed is kept"
    assert not Scenario.objects.exists() and not CostRun.objects.exists()


def test_finance_pages_need_the_finance_capabilities(erp, resin, client_for):
    run = CostRun.objects.create()
    client = client_for(SCHEDULING_USER)
    for url in (reverse("finance:scenarios"), reverse("finance:scenario-new"),
                reverse("finance:scenario-edit", args=[resin.pk]), reverse("finance:scenario-compare", args=[resin.pk]),
                reverse("finance:run-status", args=[run.pk])):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("finance:scenario-new"), _scenario_post()).status_code == 403
    assert not Scenario.objects.exclude(pk=resin.pk).exists()
    assert client_for(FINANCE).get(reverse("finance:scenario-compare", args=[999])).status_code == 404


def test_scenario_pages_keep_their_query_count(erp, resin, client_for, django_assert_max_num_queries):
    for index in range(30):
        Scenario.objects.create(name=f"scenario {index}")
    costing.refresh(resin)
    CostRun.objects.create(scenario=resin, status=CostRun.Status.DONE, active=False, finished_at=timezone.now(),
                           rows=2)
    client = client_for(FINANCE)
    client.get(reverse("finance:scenarios"))  # warm the session and permission caches
    with django_assert_max_num_queries(10):
        listed = client.get(reverse("finance:scenarios"), {"per_page": 50})
    assert len(listed.context["rows"]) == 31
    with django_assert_max_num_queries(14):
        client.get(reverse("finance:scenario-compare", args=[resin.pk]))


def test_quantities_read_with_sensible_precision(erp, client_for):
    content = client_for(FINANCE).get(reverse("finance:product", args=["FG-X"])).content.decode()
    # SA-1: 2 per unit with 10 % scrap = 2.2 (not 2.200000); LAB: 3 × 2.2 = 6.6; money with 2 places.
    assert ">2.2</td>" in content and ">6.6</td>" in content and "2.200000" not in content
    assert ">$12.35</dd>" in content


def test_two_recomputes_racing_start_one_run(erp, monkeypatch):
    from finance.services import runs

    first = runs.request_run()
    # The second request looked before the first one's run existed: the database's constraint still refuses it.
    monkeypatch.setattr(runs, "active_run", lambda: None)
    with pytest.raises(runs.RunInProgress) as refused:
        runs.request_run()
    assert refused.value.run.pk == first.pk
    assert CostRun.objects.count() == 1


def test_a_large_comparison_exports_in_the_background(erp, resin, client_for, role_user, settings):
    from portal.lists.exports import run_export_job
    from portal.models import ExportJob

    costing.refresh(resin)
    user = role_user(FINANCE)
    job = ExportJob.objects.create(user=user, title="compare", view="finance.views.scenarios.ScenarioCompareView",
                                   params=f"scenario={resin.pk}&changed=true")
    job = run_export_job(job.pk)
    assert (job.status, job.total_rows) == (ExportJob.Status.DONE, 1), "FG-X only: FG-Y's cost does not change"
