"""The operator's phone in Spanish (390 x 844, touch): from the home page to a recorded quantity in at most four
taps, scrap with a reason, a pause with a downtime reason, resume and finish; each on the ledger, quality and
downtime once, and the planner's order page shows the progress."""

import datetime as dt

import pytest
from django.utils import timezone

from downtime.models import DowntimeEvent
from portal.testing.browser import sign_in
from production.models import Balance
from quality.models import InternalReject
from scheduling.planning.models import Operation
from scheduling.planning.services.assignment import assign_operation

from .operator_fixtures import running_plant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="es-ES", timezone_id="Europe/Madrid")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def test_operator_works_the_plan_on_the_phone_in_spanish(live_server, phone):
    plant = running_plant()
    operator = plant["operator"]
    operator.language = "es"
    operator.save()
    assign_operation(plant["cutting"], operator=operator)
    assign_operation(plant["welding"], operator=plant["other"])  # someone else's: not on this phone
    page = phone
    sign_in(page, live_server, "ana", "correct-horse-battery")
    page.goto(f"{live_server.url}/")
    taps = 0
    page.get_by_role("link", name="Mis operaciones").first.tap()
    taps += 1
    page.wait_for_url("**/planning/my/")
    assert page.locator("html").get_attribute("lang") == "es"
    cards = page.locator(".operation-card")
    assert cards.count() == 1 and "PLN-7 · 1. cutting" in cards.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    cards.first.tap()
    taps += 1
    page.wait_for_url("**/planning/my/*/")
    page.fill("#good", "40")
    page.fill("#scrap", "3")
    page.locator("#scrap-reason summary").tap()
    page.select_option("[name=defect]", str(plant["scratch"].pk))
    with page.expect_navigation():  # the first record starts the operation: its buttons are redrawn
        page.tap("#record-button")
    taps += 1
    page.locator("#op-message .alert-success").wait_for()
    assert taps <= 4  # (the scrap reason is optional: good alone is three taps)
    assert "Registrado: 43 de 200 hechas." in page.locator("#op-message").inner_text()
    assert page.locator("#op-status").inner_text() == "En proceso"
    assert Balance.objects.get(order__number="PLN-7", line=plant["cut"]).quantity_out == 43
    assert InternalReject.objects.get().quantity == 3

    # a refusal in Spanish, where the finger is, naming the field
    page.fill("#good", "12abc")  # past the phone's own check: the server refuses it on the field
    page.tap("#record-button")
    page.locator("#op-message .alert-danger").wait_for()
    assert "número entero" in page.locator("#op-message").inner_text()
    assert page.locator("#good").get_attribute("aria-invalid") == "true"

    # pause with a downtime reason, resume (the stop is recorded once), finish
    page.select_option("[name=category]", str(plant["jam"].pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Pausar").tap()
    assert page.locator("#op-status").inner_text() == "En pausa"
    Operation.objects.filter(pk=plant["cutting"].pk).update(paused_at=timezone.now() - dt.timedelta(minutes=5))
    assert "En pausa." in page.locator("#op-message").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Reanudar").tap()
    assert page.locator("#op-status").inner_text() == "En proceso"
    assert DowntimeEvent.objects.get().category == plant["jam"]
    with page.expect_navigation():
        page.get_by_role("button", name="Terminar").tap()
    page.locator(".alert-success", has_text="Esta operación está terminada.").wait_for()
    assert [e for e in page.console_errors if "status of 400" not in e] == []  # the refusal above is a 400

    # the planner reads the same records
    page.context.clear_cookies()
    from portal.testing.factories import UserFactory

    UserFactory(username="planner", roles=["Planner"], language="es")
    sign_in(page, live_server, "planner", "correct-horse-battery")
    page.goto(f"{live_server.url}{plant['order'].get_absolute_url()}")
    row = page.locator("#stages tr[data-stage='cutting']")
    assert row.locator(".op-made").inner_text() == "43"
    assert row.locator(".op-status").inner_text() == "Terminado"
