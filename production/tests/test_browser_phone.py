"""On a phone (390 x 844, touch): record IN then OUT and see the balance change; an OUT over the balance is refused
with the balance shown; offline, a movement is queued and stored exactly once when the phone is back online."""

import pytest

from portal.testing.browser import sign_in
from production.models import Balance, Movement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="en-US", timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _type_quantity(page, digits: str) -> None:
    for digit in digits:
        page.tap(f"#keypad-help [data-key='{digit}']")


def test_operator_records_in_and_out_and_is_refused_above_the_balance_then_works_offline(live_server, phone, shop):
    shop["operator"].set_password("correct-horse-battery")
    shop["operator"].save()
    page = phone
    sign_in(page, live_server, "op_prod", "correct-horse-battery")
    page.goto(f"{live_server.url}/production/")
    page.get_by_role("link", name="WC001").click()
    page.wait_for_url("**/production/?line=*")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on the phone

    page.fill("[name=order_number]", "po-500")
    _type_quantity(page, "120")
    page.tap("button[value=IN]")
    page.locator("#movement-message .alert-success").wait_for()
    assert "Balance of PO-500 at WC001: 120" in page.locator("#movement-message").inner_text()
    page.locator("#open-order-list [data-order='PO-500'] [data-balance]").wait_for()
    assert page.locator("#open-order-list [data-order='PO-500'] [data-balance]").inner_text() == "120"

    page.locator("[data-pick-order='PO-500']").tap()  # pick the open order instead of typing it
    _type_quantity(page, "45")
    page.tap("button[value=OUT]")
    page.wait_for_function("() => document.querySelector(\"#open-order-list [data-order='PO-500'] [data-balance]\")"
                           ".innerText === '75'")

    page.fill("[name=order_number]", "PO-500")
    _type_quantity(page, "80")
    page.tap("button[value=OUT]")
    page.locator("#movement-message .alert-danger").wait_for()
    assert "Only 75 of order PO-500 are at WC001" in page.locator("#movement-message").inner_text()
    assert page.locator("#movement-message").is_visible()  # where the operator's finger is
    assert page.locator("#quantity").get_attribute("aria-invalid") == "true"  # the field the refusal names
    assert Balance.objects.get(order__number="PO-500").balance == 75

    # --- offline: queued on the phone, shown as pending, sent once on reconnect ---------------------------------
    page.context.set_offline(True)
    page.fill("[name=order_number]", "PO-500")
    page.locator("#quantity").evaluate("q => q.value = ''")
    _type_quantity(page, "5")
    page.tap("button[value=OUT]")
    page.locator("#offline-queue .queued-entry").wait_for()
    # the core queue and badge: the waiting entry in the warning style, the badge says offline
    assert "rgb(255, 193, 7)" in page.locator("#offline-queue .queued-entry").evaluate(
        "e => getComputedStyle(e).borderLeftColor")
    assert "text-bg-warning" in page.locator("#connection-state").get_attribute("class")
    assert "PO-500 · OUT 5" in page.locator("#offline-queue").inner_text()
    assert Movement.objects.count() == 2
    page.context.set_offline(False)
    page.locator("#offline-queue").wait_for(state="hidden")
    assert Balance.objects.get(order__number="PO-500").balance == 70
    key = Movement.objects.latest("pk").idempotency_key
    # The same command replayed again (a lost response) is not stored twice.
    status = page.evaluate("""async ([key, line]) => (await fetch('/api/production/movements/', {method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': window.PortalOfflineQueue.csrfToken()},
        body: JSON.stringify({line: line, order_number: 'PO-500', direction: 'OUT', quantity: 5,
                              idempotency_key: key})})).status""", [key, shop["assembly"].pk])
    assert status == 200
    assert Movement.objects.filter(idempotency_key=key).count() == 1 and Movement.objects.count() == 3
