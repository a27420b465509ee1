"""A shared tablet (issue 32): an operator's entry is queued offline, the tablet goes idle (warning, then signed
out), the queue keeps the entry; another operator on the tablet does not send it; its author signs in again and it
is recorded once, under them."""

import pytest

from portal.testing.browser import sign_in
from production.models import Movement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, locale="en-US",
                                   timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


def test_idle_sign_out_keeps_the_queue_for_its_author(live_server, tablet, shop, settings):
    settings.IDLE_TIMEOUT_MINUTES = 0.15  # 9 s
    settings.IDLE_TIMEOUT_WARNING_SECONDS = 4
    for user in (shop["operator"], shop["painter"]):
        user.set_password(PASSWORD)
        user.save()
    page = tablet
    sign_in(page, live_server, "op_prod", PASSWORD)
    page.goto(f"{live_server.url}/production/?line={shop['assembly'].pk}")
    assert page.locator("#idle-timeout").get_attribute("data-timeout") == "9"

    page.context.set_offline(True)
    page.fill("[name=order_number]", "PO-77")
    for digit in "12":
        page.tap(f"#keypad-help [data-key='{digit}']")
    page.tap("button[value=IN]")
    page.locator("#offline-queue .queued-entry").wait_for()

    # left alone: the warning a few seconds before, then signed out (the page waits for the connection)
    page.locator("#idle-timeout:not([hidden]) .idle-stay").wait_for()
    assert "you will be signed out" in page.locator("#idle-timeout").inner_text()
    page.wait_for_function("() => document.body.classList.contains('idle-signed-out')")
    page.context.set_offline(False)
    page.wait_for_url("**/accounts/login/**")
    assert "without activity" in page.content()
    assert not Movement.objects.exists()
    queued = page.evaluate("() => JSON.parse(localStorage.getItem('portal.queue.production.v1') || '[]')")
    assert [item["author"] for item in queued] == [str(shop["operator"].pk)]

    # another operator on the same tablet: the entry waits for its author
    sign_in(page, live_server, "op_paint", PASSWORD)
    page.goto(f"{live_server.url}/production/?line={shop['paint'].pk}")
    page.locator("#offline-queue .queued-entry").wait_for()
    assert "Waiting for its author" in page.locator("#offline-queue").inner_text()
    page.wait_for_timeout(1500)
    assert not Movement.objects.exists()

    # its author again: sent once, under them
    page.context.clear_cookies()
    sign_in(page, live_server, "op_prod", PASSWORD)
    page.goto(f"{live_server.url}/production/?line={shop['assembly'].pk}")
    page.locator("#offline-queue").wait_for(state="hidden")
    assert list(Movement.objects.values_list("user__username", "quantity")) == [("op_prod", 12)]
