"""End to end in headless Chromium: a planner imports an Excel file with one bad row (the preview shows the row
error, nothing is written), fixes it and imports; drags a stage on the timeline (a clash is refused with the
server's message, a free slot is saved); the utilization view changes accordingly."""

import openpyxl
import pytest

from portal.testing.browser import sign_in
from portal.testing.factories import UserFactory
from scheduling.planning.models import Operation, PlanningOrder

from .conftest import MAR2, MAR3, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEAD = ["number", "facility", "product_family", "customer", "priority", "due_date", "product", "quantity"]


def _workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def _drag(page, bar, dx):
    box = bar.bounding_box()
    x, y = box["x"] + min(box["width"] / 2, 10), box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=4)
    page.mouse.move(x + dx, y, steps=4)
    page.mouse.up()


def test_import_move_and_utilization(live_server, browser_page, scenario, tmp_path):
    UserFactory(username="planner", roles=["Planner"])
    page = browser_page
    sign_in(page, live_server, "planner", "correct-horse-battery")

    page.goto(f"{live_server.url}/planning/orders/import/")
    bad = _workbook(tmp_path / "orders.xlsx", [["N1", "MAIN", "BRACKET", "Acme", 2, "2026-03-10", "P1", 100],
                                               ["N2", "MAIN", "BRACKET", "Acme", 2, "2026-03-11", "P2", "lots"]])
    page.set_input_files("input[type=file]", bad)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert "“lots” is not a number" in page.inner_text("main")
    assert page.get_by_role("button", name="Confirm import").count() == 0
    assert not PlanningOrder.objects.filter(number__in=["N1", "N2"]).exists()
    good = _workbook(tmp_path / "orders-fixed.xlsx", [["N1", "MAIN", "BRACKET", "Acme", 2, "2026-03-10", "P1", 100],
                                                      ["N2", "MAIN", "BRACKET", "Acme", 2, "2026-03-11", "P2", 50]])
    page.set_input_files("input[type=file]", good)
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert set(PlanningOrder.objects.filter(number__in=["N1", "N2"]).values_list("number", flat=True)) == {"N1", "N2"}

    page.goto(f"{live_server.url}/planning/utilization/?facility=MAIN&first=2026-03-02&last=2026-03-03")
    assert page.locator('[data-line="L2"] td.over-capacity[data-day="2026-03-02"]').count() == 1

    page.goto(f"{live_server.url}/planning/timeline/?facility=MAIN&start=2026-03-02&days=7")
    weld_b = Operation.objects.get(order=scenario["b"], stage="welding")
    track = page.locator(f".gantt-row[data-resource='l{scenario['l2'].pk}'] .gantt-track")
    per_hour = track.bounding_box()["width"] / (7 * 24)
    # 1 h earlier: L2 is busy with A until 18:00 -> refused with the server's sentence, nothing saved
    _drag(page, page.locator(f".gantt-bar[data-id='{weld_b.pk}']"), -1 * per_hour)
    page.locator("#gantt-message:not(.d-none)").wait_for()
    assert "busy with A" in page.inner_text("#gantt-message")
    weld_b.refresh_from_db()
    assert weld_b.planned_start == at(MAR2, 18)
    # 12 h later: 3 Mar 06:00, free -> saved, the page reloads with the bar there
    with page.expect_navigation():
        _drag(page, page.locator(f".gantt-bar[data-id='{weld_b.pk}']"), 12 * per_hour)
    weld_b.refresh_from_db()
    assert weld_b.planned_start == at(MAR3, 6)

    page.goto(f"{live_server.url}/planning/utilization/?facility=MAIN&first=2026-03-02&last=2026-03-03")
    assert page.locator('[data-line="L2"] td.over-capacity').count() == 0
    assert page.locator('[data-line="L2"] td[data-day="2026-03-02"]').first.get_attribute("data-planned") == "400"


def test_a_drag_onto_the_wrong_machine_type_is_refused_before_any_reason_is_asked(live_server, browser_page,
                                                                                    scenario):
    UserFactory(username="planner", roles=["Planner"])
    page = browser_page
    sign_in(page, live_server, "planner", "correct-horse-battery")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/planning/timeline/?facility=MAIN&start=2026-03-02&days=7")
    cut = Operation.objects.get(order=scenario["b"], stage="cutting")  # a laser stage on LZ2
    bar = page.locator(f".gantt-bar[data-id='{cut.pk}']")
    box = bar.bounding_box()
    target = page.locator(f".gantt-row[data-resource='l{scenario['l2'].pk}'] .gantt-track").bounding_box()
    x, y = box["x"] + min(box["width"] / 2, 10), box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5, (y + target["y"] + target["height"] / 2) / 2, steps=4)
    page.mouse.move(x + 5, target["y"] + target["height"] / 2, steps=4)
    page.mouse.up()
    page.locator("#gantt-message:not(.d-none)").wait_for()
    assert "needs a machine of type laser" in page.inner_text("#gantt-message")
    assert asked == []  # no reason asked for
    cut.refresh_from_db()
    assert (cut.machine, cut.planned_start) == (scenario["lz2"], at(MAR2, 6))


def test_timeline_labels_fit_and_actual_bars_show_at_a_desk_screen(live_server, browser_page, scenario):
    """At 1440×900 every bar shows the longest label that fits (order and stage, the number, its end "…17"), never a
    cut number; the full text is in the title and the list. A started stage draws its actual bar under the plan."""
    from django.utils import timezone

    UserFactory(username="planner", roles=["Planner"])
    PlanningOrder.objects.filter(pk=scenario["a"].pk).update(number="PLN-2026-00017")
    cut_a = Operation.objects.get(order=scenario["a"], stage="cutting")
    Operation.objects.filter(pk=cut_a.pk).update(status="done", started_at=at(MAR2, 6, 20),
                                                 finished_at=at(MAR2, 9, 40))
    assert cut_a.planned_end < timezone.now()
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server, "planner", "correct-horse-battery")
    for days in ("2", "7"):
        page.goto(f"{live_server.url}/planning/timeline/?facility=MAIN&start=2026-03-02&days={days}")
        shown = page.eval_on_selector_all(".gantt-bar", """bars => bars.map(b => ({
            text: b.querySelector('.gantt-text').textContent,
            forms: [b.dataset.full, b.dataset.number, b.dataset.short],
            narrow: b.classList.contains('gantt-narrow'), fits: b.scrollWidth <= b.clientWidth + 1,
            title: b.title}))""")
        assert len(shown) == 4
        for bar in shown:
            assert bar["text"] in bar["forms"] and bar["title"].startswith(bar["forms"][1])
            assert bar["fits"] or bar["narrow"]  # what is shown is whole, or nothing is
        if days == "2":  # 48 h over ~1,200 px: the 8 h welding has room for its whole label
            assert any(b["text"] == b["forms"][0] == "PLN-2026-00017 welding" for b in shown), shown
        else:
            assert any(b["text"] in ("PLN-2026-00017", "…17") for b in shown), shown
    planned = page.locator(f".gantt-bar[data-id='{cut_a.pk}']").bounding_box()
    actual = page.locator(f".gantt-actual[data-id='{cut_a.pk}']").bounding_box()
    assert actual["y"] >= planned["y"] + planned["height"] - 1  # under the planned bar, not hiding its label
    assert actual["x"] > planned["x"] and actual["width"] < planned["width"]  # 06:20–09:40 inside 06:00–10:00
    page.locator("#gantt-list summary").click()
    assert "2/3 06:20–2/3 09:40" in page.inner_text("#gantt-list")  # plant time (Chicago)
    assert page.locator("#gantt-legend .gantt-swatch.actual").count() == 2
