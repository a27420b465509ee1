"""End to end in headless Chromium: sign in, find a BOM by search, expand an open job's material, switch language."""

import pytest

from portal.testing.browser import sign_in
from portal.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def planner(db):
    return UserFactory(username="planner", roles=["Scheduling_Admin"])


def test_planner_searches_boms_and_expands_a_job(live_server, browser_page, erp_data, planner):
    page = browser_page
    sign_in(page, live_server, "planner", "correct-horse-battery")
    assert page.locator('.module-card[href="/erp/bom/"]').is_visible()

    page.goto(f"{live_server.url}/erp/bom/")
    first_parent = page.locator("#list-results tbody tr td a").first.inner_text()
    page.fill("input[name=q]", first_parent)
    page.wait_for_function(
        "q => [...document.querySelectorAll('#list-results tbody tr td:first-child')].every(td => td.innerText === q)",
        arg=first_parent,
    )
    assert f"q={first_parent}" in page.url  # htmx pushed the filtered URL: it can be shared or reloaded

    page.goto(f"{live_server.url}/erp/jobs/")
    page.locator("#list-results tbody tr button").first.click()
    detail = page.locator("#detail-1")
    detail.locator("table, p").first.wait_for()
    assert "Yield cost/scrap" in detail.inner_text()

    if page.locator(".navbar-toggler").is_visible():  # narrow screens: the switches are in the collapsed menu
        page.locator(".navbar-toggler").click()
    page.locator("button[name=language][value=es]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() not in ("", "Live open jobs")  # the title is translated
