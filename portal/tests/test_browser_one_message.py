"""Feedback where the finger is (issue 34), the floor pages' one message mechanism (static/portal/floor-message.js):
after a save or a refusal exactly one current message is visible, in the viewport, by the control that was used;
an older message is replaced, never stacked. As an operator who reads Spanish in the dark theme, on a phone
(390 px) and a tablet (1024 px): production IN/OUT, quality reject entry, downtime entry, maintenance report."""

from __future__ import annotations

import pytest

from downtime.models import Category
from portal.testing.browser import floor_page, in_view, sign_in
from portal.testing.factories import FacilityFactory, MachineFactory, ProductionLineFactory, UserFactory
from quality.models import DefectCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}
MESSAGES = ".portal-message, [data-transient-message], [aria-live] > .alert"


def _visible_messages(page) -> list[str]:
    return page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel))
        .filter((el) => !el.hidden && el.getClientRects().length > 0).map((el) => el.innerText)""", MESSAGES)


def _one_in_view(page, containing: str = "") -> str:
    """Exactly one current message, wholly in view; its text."""
    page.wait_for_timeout(300)  # the page's own message boxes settle (htmx swaps, the queue's answer)
    shown = _visible_messages(page)
    assert len(shown) == 1, shown
    box = page.locator(MESSAGES).filter(has_text=shown[0][:30]).first
    box.wait_for()
    assert in_view(page, f"text={shown[0][:30]}") or box.bounding_box()["y"] >= 0
    b = box.bounding_box()
    size = page.viewport_size
    assert b["y"] >= 0 and b["y"] + min(b["height"], 60) <= size["height"], (b, size)  # in view, not below the fold
    assert containing in shown[0], shown[0]
    return shown[0]


@pytest.fixture
def floor(db):
    facility = FacilityFactory(code="MTY", time_zone="America/Monterrey")
    line = ProductionLineFactory(facility=facility, code="L1", name="Línea 1", usual_crew=0)
    MachineFactory(line=line, code="M1")
    main = DefectCode.objects.create(code="SUR", name="Surface", name_es="Superficie")
    DefectCode.objects.create(code="SUR-SCR", name="Scratch", name_es="Rayón", parent=main)
    mechanical = Category.objects.create(name="Mechanical", name_es="Mecánico", colour="#d9534f", sort_order=1)
    Category.objects.create(name="Jam", name_es="Atasco", parent=mechanical, colour="#f0ad4e")
    user = UserFactory(username="op", roles=["Production_Operator", "DowntimeTracker_User", "Quality_Inspector"],
                       lines=[line], theme="dark", language="es")
    return {"line": line, "user": user}


@pytest.mark.parametrize("size", SIZES)
def test_one_current_message_by_the_control_on_every_floor_page(live_server, chromium, floor, size):
    line = floor["line"]
    with floor_page(chromium, SIZES[size], timezone_id="America/Monterrey") as page:
        sign_in(page, live_server, "op", "correct-horse-battery")

        # --- production IN/OUT: saved, then refused; the refusal replaces the confirmation ----------------------
        page.goto(f"{live_server.url}/production/?line={line.pk}")
        assert page.locator("html").get_attribute("data-bs-theme") == "dark"
        page.fill("[name=order_number]", "PO-7")
        for digit in "12":
            page.tap(f"#keypad-help [data-key='{digit}']")
        page.tap("button[value=IN]")
        page.locator("#movement-message .alert-success").wait_for()
        _one_in_view(page, "PO-7")
        assert page.evaluate("document.activeElement.name") == "order_number"  # ready for the next order
        page.fill("[name=order_number]", "PO-7")
        for digit in "99":
            page.tap(f"#keypad-help [data-key='{digit}']")
        page.tap("button[value=OUT]")
        page.locator("#movement-message .alert-danger").wait_for()
        _one_in_view(page, "PO-7")

        # --- quality reject: refused (fields), then recorded ------------------------------------------------------
        page.goto(f"{live_server.url}/quality/rejects/new/")
        page.fill("#id_quantity", "0")
        page.click("#save-reject")
        page.locator("#reject-message .portal-message").wait_for()
        _one_in_view(page, "Revise")
        page.select_option("#id_line", str(line.pk))
        page.fill("#id_part", "P-1")
        page.fill("#id_quantity", "3")
        page.locator("label.defect-button").first.click()
        page.click("#save-reject")
        page.locator("#reject-message .alert-success").wait_for()
        _one_in_view(page, "P-1")

        # --- downtime: refused (no category), the crew already at 1, then recorded ------------------------------
        page.goto(f"{live_server.url}/downtime/?line={line.pk}")
        assert page.input_value("#id_crew_size") == "1"  # never 0: the first save is not refused for the crew
        page.click("#submit-entry")
        page.locator("#form-errors").wait_for()
        _one_in_view(page)
        page.locator(".main-pick").first.click()
        page.locator("label.category-btn:has-text('Atasco')").click()
        page.click("#submit-entry")
        page.locator("#saved-message").wait_for()
        _one_in_view(page, "L1")

        # --- maintenance report: refused (no problem given) -------------------------------------------------------
        page.goto(f"{live_server.url}/maintenance/report/")
        page.locator("#report-form button[type=submit]").click()
        page.locator(".portal-message").wait_for()
        _one_in_view(page)
        # the refusals above are answers, not script errors (Chromium logs each 4xx as a failed resource)
        errors = [e for e in page.console_errors if "Failed to load resource" not in e]
        assert not errors, errors
