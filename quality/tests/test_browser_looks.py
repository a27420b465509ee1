"""The floor reject entry as an inspector who reads Spanish in the dark theme, at a phone and a portrait tablet:
readable, nothing off-screen sideways, finger-sized defect buttons, and a reject still records."""

from __future__ import annotations

import pytest

from portal.testing.browser import CONTRAST, floor_page, in_view, no_sideways_scroll, sign_in
from portal.testing.factories import FacilityFactory, ProductionLineFactory, UserFactory
from quality.models import DefectCode, InternalReject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "portrait-tablet": {"width": 768, "height": 1024},
         "tablet": {"width": 1024, "height": 768}}


@pytest.mark.parametrize("size", SIZES)
def test_reject_entry_in_spanish_and_dark(live_server, chromium, size):
    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    line = ProductionLineFactory(facility=facility, code="L1", name="Llenadora")
    main = DefectCode.objects.create(code="SUR", name="Surface", name_es="Superficie")
    for n in range(6):  # enough buttons to wrap on a phone
        DefectCode.objects.create(code=f"SUR-{n}", name=f"Scratch {n}", name_es=f"Rayón {n}", parent=main)
    UserFactory(username="qi", roles=["Quality_Inspector"], theme="dark", language="es")
    with floor_page(chromium, SIZES[size], timeout_ms=15000, timezone_id="America/Chicago") as page:
        sign_in(page, live_server, "qi", "correct-horse-battery")
        page.goto(f"{live_server.url}/quality/rejects/new/")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("data-bs-theme") == "dark"
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == "Registrar un rechazo"
        assert page.locator("h1").evaluate(CONTRAST) >= 4.5
        assert no_sideways_scroll(page)
        buttons = page.locator("label.defect-button")
        assert buttons.count() == 6
        for button in buttons.all():
            box = button.bounding_box()
            assert box["height"] >= 48 and box["x"] + box["width"] <= SIZES[size]["width"]
            assert button.evaluate(CONTRAST) >= 4.5, "defect button unreadable in the dark theme"
        assert "Rayón 3" in buttons.nth(3).inner_text()

        page.fill("#id_order_or_job", "J-4471")
        page.select_option("#id_line", str(line.pk))
        page.fill("#id_part", "P-100")
        page.fill("#id_quantity", "4")
        buttons.nth(3).tap()
        save = page.get_by_role("button", name="Registrar rechazo")
        save.scroll_into_view_if_needed()
        assert in_view(page, "#save-reject") and save.bounding_box()["height"] >= 44
        save.tap()
        page.locator(".portal-message.alert-success").wait_for()
        assert in_view(page, ".portal-message.alert-success")  # the confirmation where the finger is, not off-screen
        assert "registrado: 4 × P-100" in page.locator(".portal-message.alert-success").inner_text()  # in Spanish
        reject = InternalReject.objects.get()
        assert (reject.erp_job, reject.quantity, reject.defect.code) == ("J-4471", 4, "SUR-3")
        assert no_sideways_scroll(page)
        assert not page.console_errors, page.console_errors
