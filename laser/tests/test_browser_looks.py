"""The phone page as an operator who reads Spanish in the dark theme, at two more phone widths: readable, nothing
off-screen sideways, finger-sized buttons, and a run still starts."""

from __future__ import annotations

import pytest

from laser.models import LaserRun
from portal.testing.browser import CONTRAST, floor_page, no_sideways_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"small-phone": {"width": 360, "height": 740}, "large-phone": {"width": 412, "height": 915}}


@pytest.mark.parametrize("size", SIZES)
def test_phone_page_in_spanish_and_dark(live_server, chromium, shop, size):
    operator = shop["operator"]
    operator.theme, operator.language = "dark", "es"
    operator.set_password("correct-horse-battery")
    operator.save()
    with floor_page(chromium, SIZES[size], timeout_ms=20000, timezone_id="Africa/Johannesburg") as page:
        sign_in(page, live_server, operator.username, "correct-horse-battery")
        page.goto(f"{live_server.url}/laser/phone/")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("data-bs-theme") == "dark"
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == "Registrar corridas de láser"
        assert page.locator("h1").evaluate(CONTRAST) >= 4.5
        assert no_sideways_scroll(page)

        job = page.locator(".job[data-project]").first
        assert job.locator("summary").evaluate(CONTRAST) >= 4.5
        job.locator("summary").tap()
        start = job.get_by_role("button", name="Iniciar ahora")
        assert start.bounding_box()["height"] >= 44  # a gloved finger hits it
        assert start.evaluate(CONTRAST) >= 3  # large bold text on the button colour
        assert no_sideways_scroll(page)  # the opened job with its machine select and helpers still fits
        job.locator("select[name=machine]").select_option(index=1)
        start.tap()
        page.locator("#running-runs .running-run").wait_for()
        assert LaserRun.objects.get().status == "running"
        assert "Terminar corrida" in page.locator("#running-runs").inner_text()
        assert no_sideways_scroll(page)
        assert not page.console_errors, page.console_errors
