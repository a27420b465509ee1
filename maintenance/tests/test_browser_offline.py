"""Chromium at phone width: a technician without a connection starts and finishes a ticket, reconnects, and the
commands are replayed once (ticket done, one labour session); the page in dark theme and Spanish at 360×740 has
no sideways scroll."""

import pytest

from maintenance.models import Ticket
from maintenance.services import open_ticket
from portal.models import CommandKey
from portal.testing.browser import sign_in
from portal.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(chromium, width, height):
    return chromium.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True,
                                locale="en-US", timezone_id="UTC")


def test_offline_start_and_finish_are_replayed_once_on_reconnect(live_server, chromium, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Hydraulic leak",
                            priority=works["priorities"]["High"])
    context = _context(chromium, 390, 844)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        sign_in(page, live_server, "tech", "correct-horse-battery")
        page.goto(f"{live_server.url}/maintenance/my/")
        card = page.locator(f".ticket-card[data-ticket='{ticket.pk}']")
        card.wait_for()
        context.set_offline(True)
        page.locator("#connection-state.text-bg-warning").wait_for()  # the shared badge turns amber
        card.locator("input[name=note]").fill("On my way")
        card.get_by_role("button", name="Start").tap()
        page.locator("#offline-queue .queued-entry").first.wait_for()
        card.locator(".state-badge[data-state='in_progress']").wait_for()  # the next step shows at once
        assert card.locator(".pending-badge").is_visible()
        card.locator("textarea[name=resolution]").fill("Replaced the seal")
        card.locator("input[name=part_number]").fill("SEAL-40")
        card.locator("input[name=minutes]").fill("10")
        finish = card.get_by_role("button", name="Finish")
        finish.scroll_into_view_if_needed()
        finish.tap()
        page.wait_for_function("() => document.querySelectorAll('#offline-queue .queued-entry').length === 2")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        ticket.refresh_from_db()
        assert ticket.state == "open" and not CommandKey.objects.exists()  # nothing reached the server

        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.locator("#offline-queue").wait_for(state="hidden")
        ticket.refresh_from_db()
        assert ticket.state == Ticket.State.DONE and ticket.resolution == "Replaced the seal"
        assert CommandKey.objects.filter(user=technician, kind="maintenance.command").count() == 2
        assert ticket.labour.filter(ended_at__isnull=False, minutes__lt=10).count() == 1  # one session
        assert ticket.labour.count() == 2 and ticket.parts.count() == 1  # + the 10 typed minutes

        # a reload and a focus replay nothing more
        page.reload()
        page.evaluate("() => window.dispatchEvent(new Event('focus'))")
        page.wait_for_timeout(500)
        assert CommandKey.objects.count() == 2 and ticket.labour.count() == 2
        assert not problems, problems
    finally:
        context.close()


def test_dark_spanish_phone_page_has_no_sideways_scroll(live_server, chromium, works):
    UserFactory(username="tecnico", roles=["Maintenance_Technician"], theme="dark", language="es")
    open_ticket(line=works["weld_line"], machine=works["welders"][0],
                problem="Fuga de aire comprimido en la línea de soldadura principal",
                priority=works["priorities"]["Low"])
    context = _context(chromium, 360, 740)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, live_server, "tecnico", "correct-horse-battery")
        page.goto(f"{live_server.url}/maintenance/my/")
        page.locator(".ticket-card").first.wait_for()
        assert page.locator("html").get_attribute("data-bs-theme") == "dark"
        assert page.locator("html").get_attribute("lang") == "es"
        assert "Mis tickets de mantenimiento" in page.locator("h1").inner_text()
        assert page.get_by_role("button", name="Iniciar").is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        # the report page a floor user opens from the menu, the machine's label scanned or typed
        page.goto(f"{live_server.url}/maintenance/report/?machine={works['welders'][0].pk}")
        assert page.locator("h1").inner_text() == "Reportar un problema de mantenimiento"
        assert page.locator("[data-scan-field]").input_value() == "WELD-1"
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.fill("#id_problem", "Fuga de aire")
        page.get_by_role("button", name="Reportar el problema").tap()
        page.wait_for_url("**/maintenance/tickets/*/")
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert Ticket.objects.filter(problem="Fuga de aire", machine=works["welders"][0]).count() == 1
    finally:
        context.close()


def test_a_command_refused_on_replay_needs_attention_and_discarding_it_shows_the_server_state(
        live_server, chromium, works, technician, other_technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Belt slipping", priority=works["priorities"]["High"])
    context = _context(chromium, 390, 844)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        sign_in(page, live_server, "tech", "correct-horse-battery")
        page.goto(f"{live_server.url}/maintenance/my/")
        card = page.locator(f".ticket-card[data-ticket='{ticket.pk}']")
        context.set_offline(True)
        card.get_by_role("button", name="Start").tap()
        card.locator(".state-badge[data-state='in_progress']").wait_for()
        Ticket.objects.filter(pk=ticket.pk).update(assigned_to=other_technician, state="assigned")  # meanwhile
        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        entry = page.locator("#offline-queue .queued-entry.attention")
        entry.wait_for()
        assert "assigned to" in entry.inner_text()  # the workflow's sentence, where the technician looks
        entry.get_by_role("button", name="Discard").click()
        card.locator(".state-badge[data-state='assigned']").wait_for()  # the server's state, not the queued one
        assert not card.locator(".pending-badge").is_visible()
        assert Ticket.objects.get(pk=ticket.pk).state == "assigned" and not ticket.labour.exists()
    finally:
        context.close()


def test_a_problem_reported_offline_is_sent_once_on_reconnect(live_server, chromium, works):
    UserFactory(username="floor", roles=["Production_Operator"], lines=[works["press_line"]])
    context = _context(chromium, 390, 844)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        sign_in(page, live_server, "floor", "correct-horse-battery")
        page.goto(f"{live_server.url}/maintenance/report/?machine={works['press'].pk}")
        context.set_offline(True)
        page.locator("#connection-state.text-bg-warning").wait_for()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.fill("#id_problem", "Oil under the press")
        page.get_by_role("button", name="Report the problem").tap()
        page.locator("#offline-queue .queued-entry").first.wait_for()
        assert not Ticket.objects.exists()
        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.locator("#offline-queue").wait_for(state="hidden")
        page.evaluate("() => window.dispatchEvent(new Event('focus'))")
        page.wait_for_timeout(500)
        ticket = Ticket.objects.get()
        assert ticket.problem == "Oil under the press" and ticket.machine == works["press"]
        assert ticket.reported_by.username == "floor"
        assert not problems, problems
    finally:
        context.close()
