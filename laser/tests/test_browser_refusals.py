"""Issue 30 on a phone (390 x 844, touch), in English and in Spanish: after signing in the operator chooses phone
mode; a project short of material and one without a preset are refused when Start is tapped, with the sentence right
under the button and nothing recorded; a manager is offered the exception instead (a reason, or "Start anyway")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from laser.models import InventoryItem, LaserRun, Preset, Project, Stage
from portal.testing.browser import floor_page, no_sideways_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse-battery"
TEXTS = {
    "en": {"phone": "Phone: log runs at the machine", "start": "Start now", "block": "Material block: P-2001 needs 4",
           "free": "only 3 are free", "manager": "Call a manager.", "preset": "There is no preset for",
           "anyway": "Start anyway (recorded)"},
    "es": {"phone": "Teléfono: registrar corridas en la máquina", "start": "Iniciar ahora",
           "block": "Bloqueo por material: P-2001 necesita 4", "free": "solo hay 3 libres",
           "manager": "Llame a un gerente.", "preset": "No hay preset para", "anyway": "Iniciar de todos modos"},
}


@pytest.fixture
def refusals(shop):
    """P-2001 in Cutting needs 4 stainless sheets and 3 are on hand (nobody accepted cutting it short); P-2003 is
    mild steel 6.0, for which there is no preset."""
    InventoryItem.objects.create(material_type="stainless", thickness_mm=Decimal("1.5"), sheet_size="2500x1250",
                                 quantity=3, minimum=0)
    Preset.objects.create(material_type="stainless", thickness_mm=Decimal("1.5"), version=1, power_w=2000,
                          speed_mm_min=2500, gas="N2", pressure_bar=12, nozzle_mm=2, focus_mm=0)
    InventoryItem.objects.create(material_type="mild_steel", thickness_mm=Decimal("6.0"), sheet_size="3000x1500",
                                 quantity=20, minimum=0)
    short = Project.objects.create(code="P-2001", client=shop["client"], material_type="stainless",
                                   thickness_mm=Decimal("1.5"), sheet_size="2500x1250", sheets_required=4,
                                   stage=Stage.CUTTING)
    bare = Project.objects.create(code="P-2003", client=shop["client"], material_type="mild_steel",
                                  thickness_mm=Decimal("6.0"), sheet_size="3000x1500", sheets_required=8,
                                  stage=Stage.CUTTING)
    return short, bare


def _tap_start(page, project, start_label: str, machine: int = 1):
    job = page.locator(f".job[data-project='{project.pk}']")
    job.locator("summary").tap()
    job.locator("select[name=machine]").select_option(index=machine)
    button = job.get_by_role("button", name=start_label)
    button.tap()
    message = job.locator(".message .alert")
    message.wait_for()
    return job, button, message


def _next_to(button, message, page) -> bool:
    """The refusal sits right under the button it answers, on screen without scrolling, and nothing covers it."""
    # The page scrolls it into view (smoothly): wait for the scroll to end.
    page.wait_for_function("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && "
                           "r.bottom <= innerHeight + 1; }", arg=message.element_handle())
    b, m = button.bounding_box(), message.bounding_box()
    height = page.viewport_size["height"]
    on_screen = m["y"] >= 0 and m["y"] + m["height"] <= height + 1
    uncovered = message.evaluate("""el => { const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el.contains(hit); }""")
    return 0 <= m["y"] - (b["y"] + b["height"]) <= 40 and on_screen and uncovered


def _unexpected(errors: list[str]) -> list[str]:
    """Console errors besides the browser's own line for each refusal it was answered (409, expected here)."""
    return [e for e in errors if "status of 409" not in e]


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_operator_is_told_next_to_the_button_why_a_run_cannot_start(live_server, chromium, shop, refusals,
                                                                       language, spanish):
    short, bare = refusals
    words = TEXTS[language]
    operator = shop["operator"]
    operator.language = language
    operator.set_password(PASSWORD)
    operator.save()
    with floor_page(chromium, PHONE, timeout_ms=20000, timezone_id="Africa/Johannesburg") as page:
        sign_in(page, live_server, operator.username, PASSWORD)
        page.wait_for_url("**/laser/mode/")  # a laser role chooses phone or PC right after signing in
        page.get_by_role("button", name=words["phone"]).tap()
        page.wait_for_url("**/laser/phone/")
        assert no_sideways_scroll(page)
        assert page.locator(f".job[data-project='{short.pk}'] .material-block").is_visible()

        job, button, message = _tap_start(page, short, words["start"])
        text = message.inner_text()
        assert words["block"] in text and words["free"] in text and words["manager"] in text
        assert _next_to(button, message, page), (button.bounding_box(), message.bounding_box())
        assert job.locator(".start-anyway").count() == 0  # an operator is offered no way around it

        job, button, message = _tap_start(page, bare, words["start"])
        text = message.inner_text()
        assert words["preset"] in text and words["manager"] in text
        assert _next_to(button, message, page)
        assert not job.locator("[name=reason]").count()  # the reason is a manager's
        assert no_sideways_scroll(page)
        assert not LaserRun.objects.exists()
        assert not _unexpected(page.console_errors), page.console_errors

    # Next time on this phone it opens the phone page directly.
    with floor_page(chromium, PHONE, timeout_ms=20000, timezone_id="Africa/Johannesburg") as page:
        sign_in(page, live_server, operator.username, PASSWORD)
        page.wait_for_url("**/laser/mode/")  # a new browser context is a new device: asked again


def test_a_manager_is_offered_the_exception_and_it_is_recorded(live_server, chromium, shop, refusals):
    short, bare = refusals
    manager = shop["manager"]
    manager.set_password(PASSWORD)
    manager.save()
    with floor_page(chromium, PHONE, timeout_ms=20000, timezone_id="Africa/Johannesburg") as page:
        sign_in(page, live_server, manager.username, PASSWORD)
        page.goto(f"{live_server.url}/laser/phone/")

        job, button, message = _tap_start(page, bare, "Start now")
        assert "say why" in message.inner_text()
        reason = job.get_by_label("Why start without a preset (recorded)")
        assert reason.is_visible()
        reason.fill("trial cut for the new preset")
        button.tap()
        page.locator("#running-runs .running-run").wait_for()
        run = LaserRun.objects.get(project=bare)
        assert (run.preset, run.override_by, run.override_reason) == (
            None, manager, "no preset; trial cut for the new preset")

        job, button, message = _tap_start(page, short, "Start now", machine=2)  # LZ-1 is running the first
        assert "Start anyway?" in message.inner_text()
        job.get_by_role("button", name="Start anyway (recorded)").tap()
        page.wait_for_function("() => document.querySelectorAll('#running-runs .running-run').length === 2")
        run = LaserRun.objects.get(project=short)
        assert run.override_reason == "short of material" and run.machine.code == "LZ-2"
        assert no_sideways_scroll(page)
        assert not _unexpected(page.console_errors), page.console_errors
