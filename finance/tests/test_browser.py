"""In headless Chromium at a planner's desk (1440×900): a new Finance user opens the cost list and finds it filled,
with no admin step; a run in progress shows "N of M" and the page reloads itself with the list when it ends."""

import pytest
from django.utils import timezone

from finance.models import CostRun
from finance.services import costing
from portal.roles import FINANCE
from portal.testing.browser import desk_page, sign_in
from portal.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def desk(chromium):
    with desk_page(chromium) as page:
        yield page


def test_a_new_finance_user_finds_the_cost_list_filled(live_server, desk, erp):
    UserFactory(username="fin", roles=[FINANCE])
    sign_in(desk, live_server, "fin", "correct-horse-battery")
    desk.goto(f"{live_server.url}/finance/costs/")
    # Tasks run in-process here (no broker), so the first opening computes before the page answers.
    desk.locator("#list-results tbody tr").first.wait_for()
    products = desk.locator("#list-results tbody tr td:first-child").all_inner_texts()
    assert [p.strip() for p in products] == ["FG-Y", "FG-X"]
    assert "2 products" in desk.locator("#cost-run-info").inner_text()
    desk.click("#recompute")
    desk.locator("#cost-run-info").wait_for()
    assert CostRun.objects.filter(status=CostRun.Status.DONE).count() == 2
    assert not desk.console_errors


def test_progress_is_shown_until_the_run_ends_then_the_list(live_server, desk, erp):
    UserFactory(username="fin", roles=[FINANCE])
    run = CostRun.objects.create(status=CostRun.Status.RUNNING, started_at=timezone.now(), done=1, total=2)
    sign_in(desk, live_server, "fin", "correct-horse-battery")
    desk.goto(f"{live_server.url}/finance/costs/")
    assert "computing… 1 of 2 products" in desk.locator("#cost-run-status").inner_text()
    assert desk.locator("#recompute").is_disabled()
    # The worker finishes: the panel's poll notices and the page reloads with the list.
    costing.refresh()
    CostRun.objects.filter(pk=run.pk).update(status=CostRun.Status.DONE, active=False, finished_at=timezone.now(),
                                             done=2, rows=2)
    desk.locator("#cost-run-info").wait_for()
    assert desk.locator("#list-results tbody tr").count() == 2
    assert not desk.console_errors
