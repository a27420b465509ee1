"""On a phone (390 x 844, touch): pick phone mode, start a run on a job ready to cut (preset shown read-only), end
it, see the sheets on hand fall and the low-stock bell appear; offline, a run started and ended is sent once."""

from __future__ import annotations

import pytest

from laser.models import InventoryItem, LaserRun, StockMovement
from portal.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="en-US", timezone_id="Africa/Johannesburg")
    page = context.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page, errors
    context.close()


def _start(page, machine_label: str) -> None:
    job = page.locator(".job[data-project]").first
    job.locator("summary").tap()
    job.locator("select[name=machine]").select_option(label=machine_label)
    job.get_by_label("Sipho (helper)").check()
    job.get_by_role("button", name="Start now").tap()


def test_operator_starts_and_ends_a_run_and_sees_stock_fall_and_the_bell(live_server, phone, shop):
    page, errors = phone
    operator = shop["operator"]
    operator.set_password("correct-horse-battery")
    operator.save()
    sign_in(page, live_server, operator.username, "correct-horse-battery")
    page.goto(f"{live_server.url}/laser/mode/")
    page.get_by_role("button", name="Phone: log runs at the machine").tap()
    page.wait_for_url("**/laser/phone/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    stock = page.locator(f"[data-stock-for='{shop['project'].pk}']")
    assert stock.inner_text() == "10"
    assert "3000 W" in page.locator(".job .preset").first.inner_text()  # attached preset, read-only
    assert page.locator(".job .preset input").count() == 0
    assert page.locator("#notification-bell .notification-count").count() == 0

    _start(page, "LZ-1 – Fibre laser 6 kW")
    running = page.locator("#running-runs .running-run")
    running.wait_for()
    assert "P-1001 · LZ-1" in running.inner_text() and "Sipho (helper)" in running.inner_text()
    run = LaserRun.objects.get()
    assert run.status == "running" and run.preset == shop["preset"]

    running.locator("[name=sheets_used]").fill("6")
    running.locator("[name=parts_cut]").fill("48")
    running.get_by_role("button", name="End run").tap()
    page.wait_for_function(
        f"() => document.querySelector(\"[data-stock-for='{shop['project'].pk}']\").innerText === '4'")
    page.locator("#notification-bell .notification-count").wait_for()  # 10 - 6 = 4, below the minimum of 5
    assert page.locator("#notification-bell .notification-count").inner_text() == "1"
    assert page.locator("#running-runs .running-run").count() == 0
    run.refresh_from_db()
    assert (run.status, run.sheets_used, run.parts_cut) == ("completed", 6, 48)
    assert InventoryItem.objects.get(pk=shop["item"].pk).quantity == 4
    page.locator("#notification-bell a[data-bs-toggle]").tap()
    assert "is low: 4 sheets, minimum 5" in page.locator("#notification-bell").inner_text()
    assert not errors, errors


def test_a_run_started_and_ended_offline_is_sent_once(live_server, phone, shop):
    page, errors = phone
    operator = shop["operator"]
    operator.set_password("correct-horse-battery")
    operator.save()
    sign_in(page, live_server, operator.username, "correct-horse-battery")
    page.goto(f"{live_server.url}/laser/phone/")
    page.locator(".job[data-project]").first.wait_for()
    page.context.set_offline(True)
    _start(page, "LZ-2 – Fibre laser 3 kW")
    queued = page.locator("#queued-runs .queued-run")
    queued.wait_for()
    queued.locator("[name=sheets_used]").fill("2")
    queued.get_by_role("button", name="End run").tap()
    page.locator("#offline-queue .queued-entry").nth(1).wait_for()
    assert LaserRun.objects.count() == 0
    # the core's queue and badge: a queued entry keeps its warning stripe, the badge says offline in warning colours
    stripe = page.locator("#offline-queue .queued-entry").first.evaluate("e => getComputedStyle(e).borderLeftWidth")
    assert float(stripe.removesuffix("px")) >= 5
    assert "text-bg-warning" in page.locator("#connection-state").get_attribute("class")
    page.context.set_offline(False)
    page.locator("#offline-queue").wait_for(state="hidden")
    run = LaserRun.objects.get()
    assert (run.status, run.sheets_used, run.machine.code) == ("completed", 2, "LZ-2")
    assert StockMovement.objects.filter(run=run).count() == 1
    assert InventoryItem.objects.get(pk=shop["item"].pk).quantity == 8
    page.wait_for_function(
        f"() => document.querySelector(\"[data-stock-for='{shop['project'].pk}']\").innerText === '8'")
