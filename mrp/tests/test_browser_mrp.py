"""End to end in headless Chromium: a planner refreshes the MRP, sees the run, expands a line's components."""

import pytest

from portal.testing.browser import sign_in
from portal.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


def test_planner_refreshes_and_expands_a_line(live_server, browser_page, mrp_scenario):
    UserFactory(username="planner", roles=["Scheduling_Admin"])
    page = browser_page
    sign_in(page, live_server, "planner", "correct-horse-battery")
    page.goto(f"{live_server.url}/mrp/")
    assert "No MRP run yet." in page.inner_text("#mrp-run-info")

    # Tests run Celery tasks eagerly, so the run is done when the Refresh answer arrives.
    page.get_by_role("button", name="Refresh").click()
    page.locator("#mrp-run-status .alert").wait_for()
    assert "MRP refreshed." in page.inner_text("#mrp-run-status")
    page.get_by_role("link", name="Reload").click()
    page.wait_for_load_state()
    assert "MRP run of" in page.inner_text("#mrp-run-info")
    assert page.locator("#list-results tbody tr.table-danger").count() == 2  # the two critical lines

    page.locator("#list-results tbody tr button").nth(2).click()  # SO-1/2: partial production ready
    detail = page.locator("#detail-3")
    detail.locator("table").wait_for()
    text = detail.inner_text()
    assert "C-1" in text and "bottleneck" in text and "1.6" in text
