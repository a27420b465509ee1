"""Chromium at phone width (390×844): a technician starts and finishes a ticket from the phone page."""

import pytest

from maintenance.models import Ticket
from maintenance.services import open_ticket
from portal.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="en-US", timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_technician_starts_and_finishes_a_ticket_at_phone_width(live_server, phone, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Hydraulic leak",
                            priority=works["priorities"]["High"])
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone, live_server, "tech", "correct-horse-battery")
    phone.goto(f"{live_server.url}/maintenance/my/")
    card = phone.locator(f"[data-ticket='{ticket.pk}']")
    assert "Hydraulic leak" in card.inner_text() and "working time left" in card.inner_text()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll
    card.locator("input[name=note]").fill("On my way")
    card.get_by_role("button", name="Start").tap()
    phone.wait_for_selector(f"[data-ticket='{ticket.pk}'] [data-state='in_progress']")
    card = phone.locator(f"[data-ticket='{ticket.pk}']")
    card.locator("textarea[name=resolution]").fill("Replaced the seal")
    card.locator("input[name=part_number]").fill("SEAL-40")
    card.locator("input[name=quantity]").fill("2")
    finish = card.get_by_role("button", name="Finish")
    finish.scroll_into_view_if_needed()
    finish.tap()
    phone.wait_for_selector("text=No open tickets for you.")
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.DONE and ticket.assigned_to == technician
    assert ticket.resolution == "Replaced the seal" and ticket.parts.get().quantity == 2
    assert not errors
