"""The admin panel's landing page in Chromium, as a downtime admin and as a portal admin (screenshots kept in
ADMIN_SHOTS_DIR when set), with no Content-Security-Policy violation on the new admin pages."""

import os
from pathlib import Path

import pytest

from portal.testing.browser import sign_in
from portal.testing.factories import FacilityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("ADMIN_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("role", "must", "must_not"), [
    ("DowntimeTracker_Admin", {"facilities", "categories", "audit-log", "user-activity"},
     {"permissions", "lockouts", "periodic-tasks", "aging-buckets"}),
    ("Production_Portal_Admin", {"facilities", "categories", "permissions", "lockouts", "periodic-tasks"}, set()),
])
def test_landing_page_cards_per_role(live_server, chromium, role, must, must_not):
    UserFactory(username="panel", password="correct-horse-battery", roles=[role])
    FacilityFactory(code="SHOT")
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "panel", "correct-horse-battery")
    page.goto(f"{live_server.url}/admin/")
    cards = set(page.eval_on_selector_all("[data-card]", "els => els.map(e => e.dataset.card)"))
    assert must <= cards and not (must_not & cards)
    assert page.is_visible("[data-card=facilities] i.bi")  # the icon font is served locally
    _shot(page, f"admin-landing-{role}")
    page.click("[data-card=audit-log]")
    page.wait_for_url("**/admin/auditlog/logentry/**")
    page.fill("input[name=date_from]", "2020-01-01")
    page.click(".date-range-filter input[type=submit]")
    page.wait_for_url("**date_from=2020-01-01**")
    _shot(page, f"admin-audit-log-{role}")
    if "permissions" in cards:
        page.goto(f"{live_server.url}/admin/permissions/?q=panel")
        page.click("#permission-users a")
        page.wait_for_selector("[data-capability='portal.report_downtime']")
        _shot(page, f"admin-capabilities-{role}")
    context.close()
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
